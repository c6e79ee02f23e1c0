/**
 * A small HTML table of named values (divergences and distances) beside an explorer's plot. Each
 * row carries `data-quantity` (the engine id) and its value cell `data-value` (full precision, or
 * "Infinity"), so tests read exact numbers; readers see 5 significant digits, and +∞ as "∞" with
 * the accessible label "infinite" — never NaN.
 */
import { formatValue } from './divergence-menu';

export interface ValueRow {
  id: string;
  name: string;
  value: number;
  /** Extra words after the value (e.g. "= log 2"). */
  note?: string;
}

export interface ValuesTable {
  element: HTMLElement;
  update(rows: readonly ValueRow[], selected?: string): void;
}

export function createValuesTable(caption: string): ValuesTable {
  const table = document.createElement('table');
  table.className = 'sp-values-table';
  table.dataset.testid = 'values';
  const captionElement = document.createElement('caption');
  captionElement.textContent = caption;
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  for (const text of ['Quantity', 'Value']) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = text;
    headRow.append(cell);
  }
  head.append(headRow);
  const body = document.createElement('tbody');
  table.append(captionElement, head, body);
  const wrap = document.createElement('div');
  wrap.className = 'sp-values';
  wrap.append(table);

  return {
    element: wrap,
    update(rows, selected) {
      const existing = Array.from(body.rows);
      if (existing.length !== rows.length || existing.some((row, i) => row.dataset.quantity !== rows[i].id)) {
        body.replaceChildren(
          ...rows.map((entry) => {
            const row = document.createElement('tr');
            row.dataset.quantity = entry.id;
            const name = document.createElement('th');
            name.scope = 'row';
            const value = document.createElement('td');
            row.append(name, value);
            return row;
          }),
        );
      }
      Array.from(body.rows).forEach((row, i) => {
        const entry = rows[i];
        const [name, cell] = [row.cells[0], row.cells[1]];
        if (name.textContent !== entry.name) name.textContent = entry.name;
        const shown = formatValue(entry.value);
        const text = entry.note ? `${shown.text} ${entry.note}` : shown.text;
        if (cell.textContent !== text) cell.textContent = text;
        cell.dataset.value = Number.isFinite(entry.value) ? String(entry.value) : entry.value === Infinity ? 'Infinity' : '';
        const label = entry.note ? `${shown.label} ${entry.note}` : shown.label;
        cell.setAttribute('aria-label', label);
        const isSelected = entry.id === selected;
        row.classList.toggle('sp-selected', isSelected);
        if (isSelected) row.setAttribute('aria-current', 'true');
        else row.removeAttribute('aria-current');
      });
    },
  };
}
