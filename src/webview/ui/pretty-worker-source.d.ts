/** The pretty-print worker's bundle as text, made by esbuild.js's plugin (pretty-port.ts starts it). */
declare module 'pretty-worker:source' {
  const source: string;
  export default source;
}
