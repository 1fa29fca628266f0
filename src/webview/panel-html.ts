// The panel's HTML: a static shell with a strict CSP, one script by nonce and one stylesheet. No
// data goes in here (it comes by postMessage after the UI posts `ready`), so nothing of a response
// is ever interpolated into HTML. Pure, tested in plain Node; panel.ts supplies the URIs.
// The panel is not a live region: a screen reader would hear every status, header and body line
// again on each update. Only #live-status is, where the UI puts a short summary of each answer.
import { randomBytes } from 'node:crypto';

export interface ShellResources {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `dist/webview/main.js` as a webview URI. */
  readonly scriptUri: string;
  /** `dist/webview/panel.css` as a webview URI. */
  readonly styleUri: string;
}

/** A fresh nonce per render: 128 bits from the OS's CSPRNG (style guide §6). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * No script, style or frame but ours; images from the extension or data: URLs (the image body).
 * The body viewer (CodeMirror) injects its style elements with the nonce (`EditorView.cspNonce`);
 * the pretty-print worker starts from a blob: URL of our own bundle (ui/pretty-port.ts). Still
 * never 'unsafe-inline'.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${cspSource} 'nonce-${nonce}'`, `img-src ${cspSource} data:`, `font-src ${cspSource}`, `worker-src blob:`].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function responseHtml(resources: ShellResources, nonce: string = makeNonce()): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(resources.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(resources.styleUri)}">
<title>HTTP Wire response</title>
</head>
<body>
<main id="root"><p class="idle">Waiting for a response…</p></main>
<div id="live-status" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
<script nonce="${attr(nonce)}" src="${attr(resources.scriptUri)}"></script>
</body>
</html>
`;
}
