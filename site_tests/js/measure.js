// What sticks out of the text column, at the current viewport (run after collect.js, so
// MathJax has typeset and the images have loaded). Everything a reader can open is opened
// first (dropdowns, hidden code), so that it is measured too.
//
// An element is too wide when it needs a horizontal scroll (scrollWidth > clientWidth: the
// reader sees it cut at the right edge) or when it reaches past the column. Returns
// {column, items: [{kind, label, where, px}], figures: [...]}.
const article = document.querySelector("article.bd-article") || document.querySelector("main");
const style = getComputedStyle(article);
const box = article.getBoundingClientRect();
const column = {left: box.left + parseFloat(style.paddingLeft),
                right: box.right - parseFloat(style.paddingRight)};

document.querySelectorAll("details").forEach((d) => { d.open = true; });
document.querySelectorAll(".toggle-hidden").forEach((el) => el.classList.remove("toggle-hidden"));
document.querySelectorAll(".toggle-details__container").forEach((el) => { el.hidden = false; });

const short = (text, n = 60) => {
  const line = (text || "").trim().split("\n")[0].replace(/\s+/g, " ");
  return line.length > n ? line.slice(0, n - 1) + "…" : line;
};
// The section a reader finds the element in: its number and title.
const where = (el) => {
  const section = el.closest("section");
  const heading = section && section.querySelector(":scope > h1, :scope > h2, :scope > h3, :scope > h4");
  return heading ? short(heading.textContent.replace(/#$/, ""), 50) : "";
};
const scrolls = (el) => el.scrollWidth - el.clientWidth;
const pastColumn = (el) => {
  const r = el.getBoundingClientRect();
  return r.width ? Math.max(r.right - column.right, column.left - r.left) : 0;
};
const items = [];
const add = (kind, el, label, px) => {
  px = Math.round(px);
  if (px > 1) items.push({kind, label, where: where(el), px});
};

// Output blocks: text (a <pre>), HTML (tables of numbers), anything else a cell printed.
document.querySelectorAll(".cell_output > *").forEach((out) => {
  const pre = out.querySelector("pre");
  const target = pre || out;
  add("output", out, short(target.textContent) || (out.querySelector("img") ? "an image" : ""),
      Math.max(scrolls(target), scrolls(out), pastColumn(target)));
});

// Code: cell inputs and code blocks (literalinclude, ```python) outside outputs.
document.querySelectorAll("article div.highlight > pre").forEach((pre) => {
  if (pre.closest(".cell_output")) return;
  add("code", pre, short(pre.textContent), Math.max(scrolls(pre), pastColumn(pre)));
});

// Display equations: the number, or the first characters of the TeX.
const texOf = new Map();
if (window.MathJax && MathJax.startup && MathJax.startup.document) {
  for (const item of MathJax.startup.document.math) texOf.set(item.typesetRoot, item.math);
}
document.querySelectorAll("div.math").forEach((math) => {
  const mjx = math.querySelector("mjx-container");
  if (!mjx) return;
  const eqno = math.querySelector(".eqno");
  const tag = mjx.querySelector("mjx-assistive-mml mlabeledtr > mtd");
  const number = eqno ? eqno.textContent.replace(/#$/, "").trim() : tag ? tag.textContent.trim() : "";
  const tex = short((texOf.get(mjx) || "").replace(/\\begin\{[a-z*]+\}|\\label\{[^}]*\}/g, ""), 40);
  add("equation", math, [number || "unnumbered", tex].filter(Boolean).join(" "),
      Math.max(scrolls(mjx), scrolls(math), pastColumn(mjx)));
});

// Tables outside outputs (the scroll container pydata-sphinx-theme puts around each).
document.querySelectorAll("article table").forEach((table) => {
  if (table.closest(".cell_output")) return;
  const scroller = table.closest(".pst-scrollable-table-container") || table;
  const head = [...table.querySelector("tr").children].map((c) => c.textContent.trim());
  const caption = table.querySelector("caption");
  add("table", table, short(caption ? caption.textContent : head.join(" | ")),
      Math.max(scrolls(scroller), pastColumn(scroller)));
});

// Figures: how large each image is drawn, for the legibility check (done in Python, which
// reads each PNG's resolution).
const figures = [...article.querySelectorAll(".cell_output img, figure img")].map((img) => ({
  src: img.getAttribute("src"), alt: short(img.getAttribute("alt"), 50), where: where(img),
  natural_width: img.naturalWidth, displayed_width: img.getBoundingClientRect().width,
}));

return {column: Math.round(column.right - column.left), items, figures};
