/**
 * Static renders load lazily: each is an SVG document that the browser parses on the main thread as
 * soon as it arrives (13–19 ms a render, unthrottled), even for a figure far down the
 * page or already live, and on a slow connection they compete with the page's own files. A printed
 * page shows every figure as its render, so printing (or print media) asks for all of them at once.
 */
export function loadRendersForPrint(): void {
  onPrint(() => {
    for (const image of document.querySelectorAll<HTMLImageElement>('.sp-static img[loading="lazy"]')) image.loading = 'eager';
  });
}

/** Call `then` when the page is printed or shown as print media. */
function onPrint(then: () => void): void {
  addEventListener('beforeprint', then);
  const print = matchMedia('print');
  print.addEventListener('change', () => print.matches && then());
}

/** Renders set aside by keepOnlyRenderPlaces, with the place each came from, until a print asks for them. */
const setAside: Array<{ place: HTMLElement; content: Node[] }> = [];
let restoresOnPrint = false;

/**
 * Keep only the place of each static render under `root` (its box, so nothing moves when the live
 * plot replaces it), not the picture, before `root` enters the page. For figures that go live as soon
 * as their worker is ready: the picture would show for that moment at the price of parsing it on the
 * main thread (30–45 ms for the ring figure's, unthrottled; four times that under Lighthouse's
 * phone). With reduced motion a figure keeps its render until the reader runs it: leave it then.
 * Printing puts the pictures back (a printed page shows every figure as its render).
 */
export function keepOnlyRenderPlaces(root: ParentNode): void {
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) return;
  for (const image of root.querySelectorAll<HTMLImageElement>('.sp-static img')) {
    const place = image.parentElement!;
    if (!restoresOnPrint) onPrint(restoreRenders);
    restoresOnPrint = true;
    setAside.push({ place, content: [...place.childNodes] });
    place.style.aspectRatio = `${image.getAttribute('width')} / ${image.getAttribute('height')}`;
    place.replaceChildren();
  }
}

function restoreRenders(): void {
  for (const { place, content } of setAside.splice(0)) {
    place.style.aspectRatio = '';
    place.replaceChildren(...content);
    for (const image of place.querySelectorAll('img')) image.loading = 'eager';
  }
}
