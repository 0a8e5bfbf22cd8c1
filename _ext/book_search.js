/*
 * The book's search page: the order of its results and their snippets.
 *
 * Sphinx 7.4 inlines this file into language_data.js (`html_search_scorer` in _config.yml),
 * which the search page loads right after searchtools.js: `Search` exists, and nothing has
 * been searched yet. Each change below wraps one of Sphinx's functions; which pages match
 * a query is still Sphinx's business.
 *
 * 1. Every word of the query counts. Sphinx scores a page by its single best word (15 for a
 *    word in any of its titles, 5 in its text), so for "backpropagation through time" every
 *    page with one of the three words in some section title tied with the chapter of that
 *    name, and ties go alphabetically. Here a page scores the sum over the query's words.
 * 2. A page is listed once. A query matching a page's own title listed the page twice, as
 *    the page and as "Title > Title" (the index keeps page titles with their chapter number,
 *    so Sphinx could not tell it was the page's own title). Now it is one result, scored
 *    for its words and for its title.
 * 3. Snippets are prose. Sphinx quotes a page's raw text, where math is TeX source
 *    (`\(\sigma\)`) and code cells come first (`import numpy as np`). Here code cells, code
 *    blocks, solutions and the page's furniture are left out, display math becomes "…", and
 *    inline math is written as a reader reads it (σ′(zᴸ), ∂C/∂w), the book's macros
 *    (`bookTexMacros`, put on the search page by _ext/book_html.py) expanded first.
 */
// The leading semicolon: Sphinx's stemmer code before this one ends without one.
;(() => {
  "use strict";
  if (typeof Search === "undefined" || !Search._performSearch || !Search.performTermsSearch) {
    return;   // another Sphinx: keep its search as it is
  }

  // ---- 1 and 2: ranking --------------------------------------------------------------------

  // The best score of one stemmed query word in the page numbered `file`, as Sphinx rates it.
  const wordScore = (index, word, file) => {
    const has = (files) => files !== undefined && [].concat(files).includes(file);
    const partly = (table) =>
      word.length > 2 && Object.keys(table).some((t) => t.includes(word) && has(table[t]));
    if (has(index.titleterms[word])) return Scorer.title;
    if (has(index.terms[word])) return Scorer.term;
    if (partly(index.titleterms)) return Scorer.partialTitle;
    if (partly(index.terms)) return Scorer.partialTerm;
    return 0;
  };

  const sphinxTermsSearch = Search.performTermsSearch;
  Search.performTermsSearch = (searchTerms, excludedTerms) => {
    const index = Search._index;
    return sphinxTermsSearch(searchTerms, excludedTerms).map((result) => {
      const file = index.docnames.indexOf(result[0]);
      result[4] = [...searchTerms].reduce((sum, word) => sum + wordScore(index, word, file), 0);
      return result;
    });
  };

  const sphinxPerformSearch = Search._performSearch;
  Search._performSearch = (query, ...terms) => {
    const { titles, docnames } = Search._index;
    const byTarget = new Map();
    for (const result of sphinxPerformSearch(query, ...terms)) {
      const [docname, title, anchor, descr] = result;
      const pageTitle = titles[docnames.indexOf(docname)];
      if (!anchor && !descr && title.startsWith(`${pageTitle} > `)) result[1] = pageTitle;
      const key = JSON.stringify([docname, anchor, descr]);
      if (byTarget.has(key)) byTarget.get(key)[4] += result[4];
      else byTarget.set(key, result);
    }
    // Sphinx's order: the best result last (the list is shown from its end).
    return [...byTarget.values()].sort(_orderResultsByScoreThenName);
  };

  // ---- 3: snippets -------------------------------------------------------------------------

  const SYMBOLS = {
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", Delta: "Δ", epsilon: "ε",
    varepsilon: "ε", eta: "η", theta: "θ", lambda: "λ", mu: "μ", nu: "ν", pi: "π", rho: "ρ",
    sigma: "σ", Sigma: "Σ", tau: "τ", phi: "φ", varphi: "φ", psi: "ψ", omega: "ω", ell: "ℓ",
    partial: "∂", nabla: "∇", odot: "⊙", cdot: "·", times: "×", ast: "∗", pm: "±",
    le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠", neq: "≠", approx: "≈", equiv: "≡",
    propto: "∝", to: "→", rightarrow: "→", infty: "∞", in: "∈", sum: "Σ", prod: "Π",
    sqrt: "√", dots: "…", ldots: "…", cdots: "⋯", lVert: "‖", rVert: "‖", lvert: "|",
    rvert: "|", left: "", right: "", bigl: "", bigr: "", quad: " ", qquad: " ",
  };
  const ACCENTS = { hat: "\u0302", bar: "\u0304", dot: "\u0307", tilde: "\u0303" };
  const BLACKBOARD = { R: "ℝ", N: "ℕ", Z: "ℤ" };
  const charMap = (plain, shifted) =>
    Object.fromEntries([...plain].map((c, i) => [c, [...shifted][i]]));
  const SUPERSCRIPT = charMap(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ");
  const SUBSCRIPT = charMap(
    "0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ");
  // Placeholders, out of the way of the rules until the end: a kept space, ^ and _ of a
  // script that has no Unicode form (ℝ^(n×m)).
  const SPACE = "\uE000", UP = "\uE001", DOWN = "\uE002";
  const shift = (text, table, mark) =>
    [...text].every((c) => c in table) ? [...text].map((c) => table[c]).join("")
                                       : `${mark}(${text})`;
  const NO_BRACES = "([^{}]*)";
  const ARG = `(?:\\{${NO_BRACES}\\}|([^\\\\{]))`;   // {group} or one character: \tfrac12
  const group = (t) => (/.[-+·×]/.test(t) ? `(${t})` : t);   // 1/(1+e⁻ᶻ), not 1/1+e⁻ᶻ

  // Inline TeX as plain text: `\delta^{l} = \pd{C}{z^l}` -> "δˡ = ∂C/∂zˡ".
  const texToText = (tex) => {
    const macros = typeof bookTexMacros === "undefined" ? {} : bookTexMacros;
    let s = tex.trim().replace(/^\\\(|\\\)$/g, "");
    for (let pass = 0; pass < 3; pass++) {   // the book's macros, which may use each other
      for (const [name, def] of Object.entries(macros)) {
        const [body, nargs] = Array.isArray(def) ? def : [def, 0];
        const call = new RegExp(`\\\\${name}(?![A-Za-z])` + `\\{${NO_BRACES}\\}`.repeat(nargs), "g");
        s = s.replace(call, (_, ...args) => body.replace(/#(\d)/g, (m, k) => args[k - 1]));
      }
    }
    // A script's argument stays a group: x_\text{out} is x_{out}.
    const argument = (script, t) => (script ? `${script}{${t}}` : t);
    s = s.replace(/([\^_]?)\\text\{([^{}]*)\}/g,
                  (_, script, t) => argument(script, t.replace(/ /g, SPACE)))   // its spaces stay
         .replace(/\\[,;:! ]/g, " ").replace(/\\\\|&/g, " ")
         .replace(/\\(begin|end)\{[^{}]*\}/g, "")
         .replace(/\\(hat|bar|dot|tilde)\s*([A-Za-z])/g, (_, accent, c) => c + ACCENTS[accent])
         // A command: its symbol; a command taking an argument: later, innermost first;
         // any other (\tanh, \ln, \max): its name, apart from a letter that follows it.
         .replace(/\\([A-Za-z]+)(\s*)(?=(.?))/g, (m, name, space, next) =>
           name in SYMBOLS ? SYMBOLS[name]
             : next === "{" || /^[td]?frac$/.test(name) ? `\\${name}`
             : name + (space && /[A-Za-z0-9\\]/.test(next) ? SPACE : ""))
         .replace(/\s+/g, "");
    // Innermost groups first, until nothing changes.
    for (let before = ""; before !== s;) {
      before = s;
      s = s.replace(new RegExp(`\\^\\{${NO_BRACES}\\}|\\^([^\\\\{])`, "g"),
                    (_, g, c) => shift(g ?? c, SUPERSCRIPT, UP))
           .replace(new RegExp(`_\\{${NO_BRACES}\\}|_([^\\\\{])`, "g"),
                    (_, g, c) => shift(g ?? c, SUBSCRIPT, DOWN))
           .replace(new RegExp(`\\\\t?frac${ARG}${ARG}`, "g"),
                    (_, a, a1, b, b1) => `${group(a ?? a1)}/${group(b ?? b1)}`)
           .replace(new RegExp(`\\\\mathbb\\{${NO_BRACES}\\}`, "g"), (_, t) => BLACKBOARD[t] ?? t)
           .replace(new RegExp(`\\\\(hat|bar|dot|tilde)\\{${NO_BRACES}\\}`, "g"),
                    (_, accent, t) => t + ACCENTS[accent])
           .replace(new RegExp(`([\\^_]?)\\\\[A-Za-z]+\\{${NO_BRACES}\\}`, "g"),
                    (_, script, t) => argument(script, t));   // \mathsf{T}, \mathit{out}
    }
    return s.replace(/\\([A-Za-z]+)/g, "$1")   // \tanh, \ln, \max: their names
            .replace(/[{}]/g, "").replace(/'/g, "′")
            .replace(/([=≈≤≥≠≡→∝⊙×])/g, " $1 ").replace(/,/g, ", ")
            .replaceAll(SPACE, " ").replaceAll(UP, "^").replaceAll(DOWN, "_")
            .replace(/ +/g, " ").trim();
  };

  // What a snippet never quotes: code and answers (and, as in Sphinx, links and scripts).
  const LEFT_OUT = [".headerlink", "script", "style", "div.cell", "div.highlight", "pre",
                    ".solution"].join(",");

  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    // The article: the page's text without its buttons, contents list and footer.
    const main = page.querySelector('[role="main"] article') || page.querySelector('[role="main"]');
    if (!main) return "";
    main.querySelectorAll(LEFT_OUT).forEach((el) => el.remove());
    main.querySelectorAll("div.math").forEach((el) => el.replaceWith(" … "));
    main.querySelectorAll("span.math").forEach((el) => el.replaceWith(texToText(el.textContent)));
    const part = (anchor && page.getElementById(anchor.slice(1))) || main;
    return part.textContent.replace(/\s+/g, " ");
  };
  Search.bookTexToText = texToText;   // for site_tests/
})();
