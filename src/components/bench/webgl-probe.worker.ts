/**
 * Whether WebGL contexts can be created, asked off the page's thread: creating the first context
 * starts the browser's GPU side and blocks for 20–30 ms (about 100 ms on a slow phone), a task the
 * bench page would otherwise run before the reader can use it. The figures' WebGL also runs in
 * workers, on an OffscreenCanvas, so this is the context they would get.
 */
const canvas = new OffscreenCanvas(1, 1);
postMessage(Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl')));
