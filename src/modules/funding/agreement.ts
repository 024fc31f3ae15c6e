// The grant agreement (convention) as an accessible PDF: tagged structure (headings, paragraphs, a table of
// tranches), document language and title, and the DejaVu font embedded so every accent and sign renders.
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = path.join(fontDir, 'DejaVuSans.ttf');
const BOLD = path.join(fontDir, 'DejaVuSans-Bold.ttf');

export interface AgreementData {
  reference: string;
  funderName: string;
  grantorSiret: string;
  beneficiaryName: string;
  beneficiarySiret: string | null;
  partners: { name: string; partCents: number }[];
  projectTitle: string;
  callTitle: string;
  lineName: string;
  amountCents: number;
  currency: string;
  conditions: string | null;
  decidedOn: string;
  sessionReference: string | null;
  tranches: { sequence: number; amountCents: number; plannedOn: string }[];
  reports: { sequence: number; kind: 'interim' | 'final'; dueOn: string }[];
  humanitarian: boolean;
}

const euros = (cents: number, currency: string) =>
  new Intl.NumberFormat('fr-FR', { style: 'currency', currency, maximumFractionDigits: 2 }).format(cents / 100).replace(/\u202f/g, ' ');
const day = (iso: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

export function renderAgreementPdf(data: AgreementData): Promise<Buffer> {
  const title = `Convention de subvention ${data.reference} — ${data.beneficiaryName}`;
  const doc = new PDFDocument({ size: 'A4', margin: 56, tagged: true, lang: 'fr-FR', displayTitle: true, pdfVersion: '1.7', info: { Title: title, Author: data.funderName, Subject: data.projectTitle, Creator: 'Passerelle' } });
  doc.registerFont('body', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const block = (tag: string, font: 'body' | 'bold', size: number, text: string, gap = 0.4) => {
    root.add(
      doc.struct(tag, {}, () => {
        doc.font(font).fontSize(size).text(text);
      }),
    );
    doc.moveDown(gap);
  };

  block('H1', 'bold', 16, 'Convention de subvention');
  block('P', 'body', 10, `Référence ${data.reference} — décision du ${day(data.decidedOn)}${data.sessionReference ? ` (${data.sessionReference})` : ''}`);
  block('H2', 'bold', 12, 'Entre les soussignés');
  block('P', 'body', 11, `${data.funderName} (SIRET ${data.grantorSiret}), ci-après « l’attribuant »,`);
  block('P', 'body', 11, `et ${data.beneficiaryName}${data.beneficiarySiret ? ` (SIRET ${data.beneficiarySiret})` : ''}, ci-après « le bénéficiaire »${data.partners.length ? ', chef de file du consortium formé avec :' : '.'}`);
  for (const p of data.partners) block('P', 'body', 11, `— ${p.name}, pour une part de ${euros(p.partCents, data.currency)}`, 0.2);
  block('H2', 'bold', 12, 'Article 1 — Objet');
  block('P', 'body', 11, `L’attribuant accorde au bénéficiaire une subvention pour le projet « ${data.projectTitle} », retenu dans l’appel « ${data.callTitle} » (ligne « ${data.lineName} »)${data.humanitarian ? ', au titre de l’aide humanitaire d’urgence' : ''}.`);
  block('H2', 'bold', 12, 'Article 2 — Montant');
  block('P', 'body', 11, `Le montant de la subvention est de ${euros(data.amountCents, data.currency)}, aide en numéraire.`);
  if (data.conditions) {
    block('H2', 'bold', 12, 'Article 3 — Conditions particulières');
    block('P', 'body', 11, data.conditions);
  }
  block('H2', 'bold', 12, `Article ${data.conditions ? 4 : 3} — Versements`);
  const table = doc.struct('Table');
  root.add(table);
  for (const t of data.tranches) {
    table.add(
      doc.struct('TR', {}, [
        doc.struct('TD', {}, () => {
          doc.font('body').fontSize(11).text(`Tranche ${t.sequence} : ${euros(t.amountCents, data.currency)}, prévue le ${day(t.plannedOn)}`);
        }),
      ]),
    );
  }
  doc.moveDown(0.4);
  block('P', 'body', 11, 'Un compte rendu en retard ou refusé suspend le versement de la tranche suivante.');
  block('H2', 'bold', 12, `Article ${data.conditions ? 5 : 4} — Comptes rendus`);
  for (const r of data.reports) block('P', 'body', 11, `${r.kind === 'final' ? 'Compte rendu final' : `Compte rendu intermédiaire n° ${r.sequence}`} (narratif, financier et résultats) : à remettre au plus tard le ${day(r.dueOn)}.`, 0.2);
  doc.moveDown(1);
  block('P', 'body', 11, 'Fait en deux exemplaires. Pour l’attribuant — Pour le bénéficiaire.');
  root.end();
  doc.end();
  return done;
}
