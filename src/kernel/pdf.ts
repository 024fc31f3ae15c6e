// Accessible PDF documents with pdfkit: tagged structure (headings, paragraphs, lists, tables), the document
// language and title in the metadata (shown as the window title), and the DejaVu font embedded so every accent
// and sign renders. A module describes its document with `block`, `list` and `table`, then calls `finish()`.
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = path.join(fontDir, 'DejaVuSans.ttf');
const BOLD = path.join(fontDir, 'DejaVuSans-Bold.ttf');

export interface PdfOptions {
  title: string;
  /** BCP 47 language of the document, e.g. "fr-FR". */
  lang: string;
  author?: string;
  subject?: string;
}

export interface PdfWriter {
  heading(level: 1 | 2 | 3, text: string): void;
  paragraph(text: string, options?: { size?: number; gap?: number }): void;
  list(items: readonly string[]): void;
  /** A table whose first row is the header. */
  table(rows: readonly (readonly string[])[]): void;
  finish(): Promise<Buffer>;
}

export function createPdf(options: PdfOptions): PdfWriter {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: options.lang,
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: options.title, Author: options.author ?? 'Passerelle', Subject: options.subject ?? options.title, Creator: 'Passerelle' },
  });
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
  const sizes = { 1: 18, 2: 13, 3: 11 } as const;

  return {
    heading(level, text) {
      doc.moveDown(level === 1 ? 0 : 0.4);
      root.add(doc.struct(`H${level}`, {}, () => doc.font('bold').fontSize(sizes[level]).text(text)));
      doc.moveDown(0.3);
    },
    paragraph(text, opts = {}) {
      root.add(doc.struct('P', {}, () => doc.font('body').fontSize(opts.size ?? 10.5).text(text)));
      doc.moveDown(opts.gap ?? 0.4);
    },
    list(items) {
      const list = doc.struct('L');
      root.add(list);
      for (const item of items) {
        list.add(doc.struct('LI', {}, [doc.struct('LBody', {}, () => doc.font('body').fontSize(10.5).text(`• ${item}`, { indent: 8 }))]));
      }
      doc.moveDown(0.4);
    },
    table(rows) {
      const table = doc.struct('Table');
      root.add(table);
      const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
      const cols = Math.max(1, rows[0]?.length ?? 1);
      const colW = width / cols;
      rows.forEach((row, r) => {
        if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
        const y = doc.y;
        let bottom = y;
        const tr = doc.struct('TR');
        table.add(tr);
        row.forEach((cell, c) => {
          tr.add(
            doc.struct(r === 0 ? 'TH' : 'TD', {}, () => {
              doc.font(r === 0 ? 'bold' : 'body').fontSize(9.5).text(cell, doc.page.margins.left + c * colW, y, { width: colW - 6, align: c > 0 && r > 0 ? 'right' : 'left' });
              bottom = Math.max(bottom, doc.y);
            }),
          );
        });
        doc.x = doc.page.margins.left;
        doc.y = bottom + 3;
      });
      doc.moveDown(0.5);
    },
    finish() {
      root.end();
      doc.end();
      return done;
    },
  };
}
