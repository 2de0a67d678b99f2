/**
 * Small PDFs made in the tests themselves (pdfkit, standard fonts): a bordered table, and variants of it
 * (encrypted, truncated) for the bad-input tests.
 */
import PDFDocument from 'pdfkit';

export interface MiniPdfOptions {
  userPassword?: string;
}

export function miniPdf(opts: MiniPdfOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { CreationDate: new Date(0), Title: 'mini' },
      ...(opts.userPassword ? { userPassword: opts.userPassword, ownerPassword: 'owner', pdfVersion: '1.7' as const } : {}),
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica').fontSize(12).text('Table 1', 50, 50);
    const x = [50, 150, 250];
    const y = [80, 100, 120];
    for (const yy of y) doc.moveTo(x[0], yy).lineTo(x[2], yy).stroke();
    for (const xx of x) doc.moveTo(xx, y[0]).lineTo(xx, y[2]).stroke();
    doc.fontSize(9).text('item', 55, 85).text('10.00', 155, 85).text('total', 55, 105).text('10.00', 155, 105);
    doc.end();
  });
}
