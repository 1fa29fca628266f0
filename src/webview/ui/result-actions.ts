// The buttons in a result's header (issue 11, item 2): each posts an `action` message for the
// result on screen (its `seq`); the host does the saving and comparing. Listeners are attached
// here, never written into the page (the CSP allows no inline handler).
import type { ResultAction, SecretsState, UiMessage } from '../protocol';
import { h } from './dom';

const BUTTONS: readonly { readonly action: ResultAction; readonly label: string; readonly title: string }[] = [
  { action: 'saveBody', label: 'Save Body', title: 'Save the response body to a file, byte for byte' },
  { action: 'saveResponse', label: 'Save Response', title: 'Save the status line, headers and body as text' },
  { action: 'compare', label: 'Compare…', title: 'Compare this response with another from the history' },
];

/**
 * The button bar for result `seq`; clicks go to `post`. With `secrets` (the view masks something)
 * it ends with the Show Secrets toggle (aria-pressed), which asks the host for the view with the
 * secrets shown, or masked again.
 */
export function resultActions(seq: number, post: (message: UiMessage) => void, secrets?: SecretsState): HTMLElement {
  const bar = h('div', { className: 'result-actions', attrs: { role: 'toolbar', 'aria-label': 'Response actions' } });
  for (const b of BUTTONS) {
    const button = h('button', { className: 'result-action', attrs: { type: 'button', title: b.title, 'data-action': b.action } }, b.label);
    button.addEventListener('click', () => post({ type: 'action', action: b.action, seq }));
    bar.append(button);
  }
  if (secrets !== undefined) bar.append(secretsToggle(secrets, (reveal) => post({ type: 'reveal', reveal, seq })));
  return bar;
}

/**
 * The Show Secrets toggle (aria-pressed) of a result or a failure that masks something: a click
 * asks, through `onToggle`, for the view drawn anew with the secrets shown, or masked again.
 */
export function secretsToggle(secrets: SecretsState, onToggle: (reveal: boolean) => void): HTMLButtonElement {
  const isRevealed = secrets === 'revealed';
  const toggle = h(
    'button',
    {
      className: 'result-action secrets-toggle',
      attrs: { type: 'button', 'data-action': 'reveal', 'aria-pressed': String(isRevealed), title: isRevealed ? 'Mask the secret values again (***)' : 'Show the secret values masked as *** in this panel' },
    },
    'Show Secrets',
  );
  toggle.addEventListener('click', () => {
    // Until the host answers with the view drawn anew: a second click would ask twice.
    toggle.disabled = true;
    onToggle(!isRevealed);
  });
  return toggle;
}
