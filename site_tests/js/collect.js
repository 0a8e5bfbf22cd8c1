// What a page reports about itself, once MathJax and every image have finished
// (run by site_tests/reader.py with execute_async_script).
const done = arguments[arguments.length - 1];
const sleep = ms => new Promise(r => setTimeout(r, ms));
(async () => {
  const report = {};
  // 1. Math: wait for MathJax's first typeset pass.
  const mathNodes = [...document.querySelectorAll('.math')];
  report.math_nodes = mathNodes.length;
  report.mathjax = 'not needed';
  if (mathNodes.length) {
    const t0 = Date.now();
    const ready = () => window.MathJax && MathJax.startup && MathJax.startup.promise;
    while (!ready() && Date.now() - t0 < 30000) await sleep(100);
    if (ready()) { await MathJax.startup.promise; report.mathjax = 'typeset'; }
    else report.mathjax = 'missing';
  }
  report.untypeset_math = mathNodes.filter(n => !n.querySelector('mjx-container'))
                                   .map(n => n.textContent.trim().slice(0, 80));
  report.mjx_containers = document.querySelectorAll('mjx-container').length;
  // An undefined macro is typeset as red \name text; a TeX error as <merror>.
  report.math_errors = [...document.querySelectorAll('mjx-container')]
      .filter(c => c.querySelector('mjx-merror, mtext[mathcolor="red"], merror'))
      .map(c => (c.querySelector('mjx-assistive-mml') || c).textContent.trim().slice(0, 80));
  // 2. Images: load every one (no lazy loading), then record what loaded.
  const imgs = [...document.images];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => {
    i.addEventListener('load', r); i.addEventListener('error', r); setTimeout(r, 20000); })));
  report.images = imgs.map(i => {
    const info = {src: i.getAttribute('src'), url: i.currentSrc || i.src, alt: i.getAttribute('alt'),
                  natural_width: i.naturalWidth, figure: !!i.closest('.cell_output, figure, .figure'),
                  corner_alpha: null};
    if (i.naturalWidth > 0 && info.figure) {
      try {   // the alpha of the four corners: a transparent figure vanishes on a dark page
        const c = document.createElement('canvas');
        c.width = i.naturalWidth; c.height = i.naturalHeight;
        const g = c.getContext('2d'); g.drawImage(i, 0, 0);
        const w = c.width - 1, h = c.height - 1;
        info.corner_alpha = [[0, 0], [w, 0], [0, h], [w, h]].map(([x, y]) => g.getImageData(x, y, 1, 1).data[3]);
      } catch (e) { info.corner_alpha = String(e); }
    }
    return info;
  });
  // 3. The text a reader sees, without code, outputs and typeset math.
  const body = document.body.cloneNode(true);
  body.querySelectorAll('pre, code, script, style, noscript, textarea, mjx-container, .highlight')
      .forEach(n => n.remove());
  report.text = body.textContent;
  report.main_text_length = (document.querySelector('main, article, [role=main]') || document.body)
                            .textContent.trim().length;
  // 4. Links and resources, and the ids a fragment can point at.
  report.links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'));
  report.resources = [...document.querySelectorAll('link[href][rel~=stylesheet], script[src]')]
                     .map(e => e.getAttribute('href') || e.getAttribute('src'));
  report.ids = [...document.querySelectorAll('[id]')].map(e => e.id)
               .concat([...document.querySelectorAll('a[name]')].map(a => a.getAttribute('name')));
  // 5. Code cells and their copy buttons (added by sphinx-copybutton's script).
  report.code_blocks = document.querySelectorAll('div.highlight pre').length;
  report.code_cells = document.querySelectorAll('.cell_input').length;
  report.code_cells_without_copy_button = [...document.querySelectorAll('.cell_input')]
      .filter(c => !c.querySelector('button.copybtn')).length;
  report.copy_buttons = document.querySelectorAll('button.copybtn').length;
  // 6. Anything fetched from outside the loopback server: the book must read offline.
  report.external = performance.getEntriesByType('resource').map(e => e.name)
      .filter(u => !u.startsWith(location.origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  report.title = document.title;
  done(report);
})().catch(e => done({error: String(e && e.stack || e)}));
