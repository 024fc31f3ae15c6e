// Demo campaigns: the two inter-association campaigns La Cimade takes part in, Frontexit and Boats 4 People,
// with co-signing partners, the demo's event and news linked to them, and a kit document.
import type { Db } from '../../db/client.ts';
import { systemActor, type Actor } from '../../kernel/actor.ts';
import { addCampaignLink, addKitDocument, createCampaign, signCampaign } from './commands.ts';
import { findPublishedByTitle } from './queries.ts';

const as = (organisationId: string): Actor => ({ ...systemActor, platformRoles: new Set(), memberships: new Map([[organisationId, 'admin']]) });

/** A one-page PDF saying what the kit is (generated, so the demo needs no binary file). */
function tinyPdf(text: string): Buffer {
  const stream = `BT /F1 14 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export async function seedCampaigns(db: Db, orgs: Map<string, string>): Promise<void> {
  const id = (key: string) => {
    const value = orgs.get(key);
    if (!value) throw new Error(`demo organisation ${key} missing`);
    return value;
  };
  const campaigns = [
    {
      seed: {
        slug: 'frontexit',
        titleFr: 'Frontexit',
        titleEn: 'Frontexit',
        summaryFr: 'Campagne inter-associative pour le respect des droits des personnes migrantes aux frontières extérieures de l’Union européenne.',
        summaryEn: 'An inter-association campaign for the rights of migrants at the European Union’s external borders.',
        textFr: 'Frontexit interroge les activités de l’agence européenne Frontex et leurs conséquences sur les droits des personnes migrantes, dans l’Union européenne comme dans les pays de départ et de transit.\n\nLes associations signataires demandent transparence, contrôle démocratique et respect des droits fondamentaux aux frontières.',
        textEn: 'Frontexit questions the activities of the European agency Frontex and their consequences for the rights of migrants, in the European Union and in countries of departure and transit.\n\nThe signatory associations call for transparency, democratic oversight and respect for fundamental rights at the borders.',
        startsOn: '2013-03-01',
        endsOn: null,
        themes: ['migrants'],
        countries: ['MA', 'MR', 'SN', 'ML', 'NE', 'DZ'],
      },
      cosigners: ['loujna', 'amdh', 'aracem', 'amdh-mauritanie'],
      // The demo's own event and article (found by title), shown on the campaign page.
      linked: [
        ['event', 'Webinaire : migrations'],
        ['news', 'Frontexit : la campagne'],
      ] as const,
    },
    {
      seed: {
        slug: 'boats-4-people',
        titleFr: 'Boats 4 People',
        titleEn: 'Boats 4 People',
        summaryFr: 'Coalition pour la solidarité en mer et contre les morts aux frontières maritimes.',
        summaryEn: 'A coalition for solidarity at sea and against deaths at maritime borders.',
        textFr: 'Boats 4 People réunit des associations des deux rives de la Méditerranée et d’Afrique de l’Ouest pour observer, alerter et défendre les droits des personnes migrantes en mer.\n\nLa campagne documente les violations des droits et appelle au respect de l’obligation de secours en mer.',
        textEn: 'Boats 4 People brings together associations from both shores of the Mediterranean and from West Africa to monitor, alert and defend the rights of migrants at sea.\n\nThe campaign documents rights violations and calls for the duty of rescue at sea to be respected.',
        startsOn: '2012-07-01',
        endsOn: null,
        themes: ['migrants', 'emergency'],
        countries: ['SN', 'MA', 'DZ', 'NE'],
      },
      cosigners: ['boza-fii', 'alarme-phone-sahara', 'laddh'],
      linked: [['news', 'Boats 4 People : observer']] as const,
    },
  ];
  for (const c of campaigns) {
    const created = await createCampaign(db, systemActor, c.seed, [id('cimade')]);
    if (!created.ok) throw new Error('demo campaign');
    for (const key of c.cosigners) await signCampaign(db, as(id(key)), c.seed.slug, id(key));
    for (const [kind, title] of c.linked) {
      const refId = await findPublishedByTitle(db, kind, title);
      if (refId) await addCampaignLink(db, systemActor, created.value.id, { kind, titleFr: title, titleEn: title, refId });
    }
    await addKitDocument(db, systemActor, created.value.id, { titleFr: `Kit de campagne ${c.seed.titleFr}`, titleEn: `${c.seed.titleEn} campaign kit`, fileName: `${c.seed.slug}-kit.pdf`, data: tinyPdf(`${c.seed.titleEn} - campaign kit (demo)`) });
  }
}
