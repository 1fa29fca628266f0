import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RawServer } from '../../support/raw-server';

/**
 * A temporary folder and at most one server for each test of the suite it is made in (call it in
 * the describe block): both are gone after the test, whatever it did.
 */
export class PerTest {
  server: RawServer | undefined;
  dir = '';

  constructor(prefix: string) {
    beforeEach(() => (this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))));
    afterEach(async () => {
      await this.server?.close();
      this.server = undefined;
      fs.rmSync(this.dir, { recursive: true, force: true });
    });
  }

  /** `server` kept for the test, and a .http file in the folder with one GET of `pathname` on it. */
  requestFileFor(server: RawServer, pathname: string): string {
    this.server = server;
    const file = path.join(this.dir, 'request.http');
    fs.writeFileSync(file, `GET http://127.0.0.1:${server.port}${pathname}\n`);
    return file;
  }
}
