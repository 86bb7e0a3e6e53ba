// node pdf-structtree.mjs FILE.pdf → JSON: per page, the structure tree that pdf.js (Firefox's PDF reader)
// hands to screen readers, the page's text as pdf.js extracts it, and the text of each marked-content
// sequence by its id ("p12R_mc3": page object 12, MCID 3); plus the document's MarkInfo and metadata.
// Needs pdfjs-dist (tests/tools/package.json: `npm ci --prefix tests/tools`, or `make pdfjs`).
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0 }).promise;
const out = { pages: [], markInfo: await doc.getMarkInfo(), metadata: null };
try {
  const md = await doc.getMetadata();
  const all = md.metadata ? md.metadata.getAll() : null;
  out.metadata = { info: md.info, xmp: all instanceof Map ? Object.fromEntries(all) : all };
} catch (e) { out.metadata = { error: String(e) }; }
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const tree = await page.getStructTree();
  const tc = await page.getTextContent({ includeMarkedContent: true });
  const text = tc.items.filter((it) => typeof it.str === "string").map((it) => it.str + (it.hasEOL ? "\n" : "")).join("");
  const marked = {};
  const open = [];
  for (const it of tc.items) {
    if (it.type === "beginMarkedContentProps" || it.type === "beginMarkedContent") {
      open.push(it.id || null);
    } else if (it.type === "endMarkedContent") {
      open.pop();
    } else if (typeof it.str === "string") {
      const id = open.findLast((x) => x !== null);
      if (id) marked[id] = (marked[id] || "") + it.str + (it.hasEOL ? "\n" : "");
    }
  }
  out.pages.push({ tree, text, marked });
}
console.log(JSON.stringify(out));
