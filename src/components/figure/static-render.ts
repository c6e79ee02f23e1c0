/**
 * Static renders load lazily: each is an SVG document that the browser parses on the main thread as
 * soon as it arrives (13–19 ms a render, unthrottled), even for a figure far down the
 * page or already live, and on a slow connection they compete with the page's own files. A printed
 * page shows every figure as its render, so printing (or print media) asks for all of them at once.
 */
export function loadRendersForPrint(): void {
  const loadAll = () => {
    for (const image of document.querySelectorAll<HTMLImageElement>('.sp-static img[loading="lazy"]')) image.loading = 'eager';
  };
  addEventListener('beforeprint', loadAll);
  const print = matchMedia('print');
  print.addEventListener('change', () => print.matches && loadAll());
}
