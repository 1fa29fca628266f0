/** The part of httpYac's API the parse benches use (httpyac/dist/store/httpFileStore.d.ts). */
export interface YacOptions {
  workingDir?: string;
}
export interface YacHttpFile {
  readonly httpRegions: ReadonlyArray<{ readonly request?: unknown }>;
}
export interface YacStore {
  parse(fileName: string, text: string, options: YacOptions): Promise<YacHttpFile>;
  getOrCreate(fileName: string, getText: () => Promise<string>, version: number, options: YacOptions): Promise<YacHttpFile>;
  initHttpFile(fileName: string, options: YacOptions): Promise<YacHttpFile>;
}
export interface HttpYac {
  cli: { initFileProvider(): void };
  store: { HttpFileStore: new () => YacStore };
}
