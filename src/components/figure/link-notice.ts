/**
 * What a share link did, shown above a figure: the reason it could not be read (and that the
 * defaults are shown), or a note that the settings came from a link, with a way back to the defaults.
 * Training figures and explorers share it.
 */
export function showLinkNotice(
  notice: HTMLElement,
  result: { ok: true } | { ok: false; message: string },
  backToDefaults: () => void,
): void {
  notice.hidden = false;
  if (!result.ok) {
    notice.dataset.kind = 'error';
    notice.setAttribute('role', 'alert');
    notice.textContent = result.message;
    return;
  }
  notice.dataset.kind = 'info';
  notice.setAttribute('role', 'status');
  notice.replaceChildren(document.createTextNode('These settings come from a shared link. '));
  const back = document.createElement('button');
  back.type = 'button';
  back.className = 'sp-link-button';
  back.textContent = 'Back to the defaults';
  back.addEventListener('click', () => {
    notice.hidden = true;
    backToDefaults();
  });
  notice.append(back);
}
