// What of each solution a reader sees. Called twice by site_tests/reader.py: with "before"
// when the page has loaded (it also marks the parts, and returns where to click), and with
// "after" once every solution has been opened by a real click on its title.
//
// The parts of a solution are the text, code, outputs, figures and equations inside its
// admonition, and the code cells right after it: a plain `solution` directive cannot hold
// a notebook's code cells, so they follow it, outside the dropdown (the gated
// solution-start/solution-end form puts them inside).
const phase = arguments[0];
const seen = (el) => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 &&
         el.checkVisibility({opacityProperty: true, visibilityProperty: true});
};
const short = (text, n = 50) => {
  const line = (text || "").trim().split("\n")[0].replace(/\s+/g, " ");
  return line.length > n ? line.slice(0, n - 1) + "…" : line;
};
const PART_KINDS = [["code", ".cell_input"], ["output", ".cell_output > *"], ["figure", "img"],
                    ["equation", "mjx-container"], ["table", "table"],
                    ["text", "p, li, dt, dd"]];
const kindOf = (el) => PART_KINDS.find(([, sel]) => el.matches(sel))[0];

const solutions = [...document.querySelectorAll("div.solution")];
if (phase === "before") {
  solutions.forEach((solution, i) => {
    solution.dataset.siteTestSolution = i;
    const inside = [...solution.querySelectorAll(PART_KINDS.map(([, sel]) => sel).join(","))]
      .filter((el) => !el.closest(".admonition-title") &&
                      !(el.matches("p, li, dt, dd") && el.closest(".cell, mjx-container")));
    const after = [];
    for (let next = solution.nextElementSibling; next && next.matches("div.cell");
         next = next.nextElementSibling) {
      after.push(...next.querySelectorAll(".cell_input, .cell_output > *"));
    }
    inside.forEach((el) => { el.dataset.siteTestPart = `${i} inside`; });
    after.forEach((el) => { el.dataset.siteTestPart = `${i} after`; });
  });
}
return solutions.map((solution, i) => {
  const title = solution.querySelector(".admonition-title");
  const parts = [...document.querySelectorAll(`[data-site-test-part^="${i} "]`)].map((el) => ({
    kind: kindOf(el), outside: el.dataset.siteTestPart.endsWith("after"),
    label: short(el.textContent) || short(el.getAttribute("alt")) || el.tagName.toLowerCase(),
    visible: seen(el),
  }));
  return {title: short(title ? title.textContent : "a solution", 80),
          dropdown: solution.classList.contains("dropdown"),
          // the toggle button, not the title's middle, which is a link to the exercise
          button: title && title.querySelector("button.toggle-button")
            ? `#${CSS.escape(solution.id)} > .admonition-title > button.toggle-button` : null,
          parts};
});
