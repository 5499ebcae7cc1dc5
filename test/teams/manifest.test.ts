import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { buildManifest, buildPackage, PackageError } from '../../manifest/teams/package.js';
import { readPngHeader } from '../../manifest/teams/png.js';
import { readZip, writeZip } from '../../manifest/teams/zip.js';

const DIR = fileURLToPath(new URL('../../manifest/teams/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP_ID = '0b7e5a3c-1111-4222-8333-944455556666';

/** RGBA pixels of an unfiltered 8-bit RGBA PNG (what manifest/teams/png.ts writes). */
function pixels(png: Buffer): { width: number; alpha: (x: number, y: number) => number; rgb: (x: number, y: number) => number[] } {
  const { width } = readPngHeader(png);
  const idat: Buffer[] = [];
  for (let p = 8; p < png.length; ) {
    const len = png.readUInt32BE(p);
    if (png.toString('ascii', p + 4, p + 8) === 'IDAT') idat.push(png.subarray(p + 8, p + 8 + len));
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const at = (x: number, y: number) => y * (width * 4 + 1) + 1 + x * 4;
  return { width, alpha: (x, y) => raw[at(x, y) + 3] ?? -1, rgb: (x, y) => [...raw.subarray(at(x, y), at(x, y) + 3)] };
}

describe('Teams manifest and package', () => {
  it('fills the template with RSC permissions for channels and chats', async () => {
    const m = buildManifest(await readFile(join(DIR, 'manifest.json'), 'utf8'), { appId: APP_ID, botDomain: 'dlp.example.org', version: '1.2.3' }) as {
      id: string;
      version: string;
      bots: Array<{ botId: string; scopes: string[] }>;
      validDomains: string[];
      webApplicationInfo: { id: string };
      authorization: { permissions: { resourceSpecific: Array<{ name: string; type: string }> } };
    };
    assert.equal(m.id, APP_ID);
    assert.equal(m.version, '1.2.3');
    assert.equal(m.bots[0]?.botId, APP_ID);
    assert.deepEqual(m.bots[0]?.scopes, ['personal', 'team', 'groupChat']);
    assert.equal(m.webApplicationInfo.id, APP_ID);
    assert.deepEqual(m.validDomains, ['dlp.example.org']);
    assert.deepEqual(
      m.authorization.permissions.resourceSpecific.map((p) => `${p.type}:${p.name}`).sort(),
      ['Application:ChannelMessage.Read.Group', 'Application:ChatMessage.Read.Chat'],
    );
  });

  it('refuses a missing or malformed app id, naming the variable', async () => {
    const tpl = await readFile(join(DIR, 'manifest.json'), 'utf8');
    assert.throws(() => buildManifest(tpl, { appId: '', version: '1.0.0' }), (e: Error) => e instanceof PackageError && /MICROSOFT_APP_ID/.test(e.message));
    assert.throws(() => buildManifest(tpl, { appId: APP_ID, version: 'v1' }), /TEAMS_APP_VERSION/);
    assert.throws(() => buildManifest(tpl, { appId: APP_ID, version: '1.0.0', botDomain: 'https://x/y' }), /BOT_DOMAIN/);
  });

  it('ships a 192×192 colour icon and a 32×32 white-on-transparent outline', async () => {
    const color = pixels(await readFile(join(DIR, 'color.png')));
    assert.equal(color.width, 192);
    assert.equal(color.alpha(0, 0), 255);
    const outline = pixels(await readFile(join(DIR, 'outline.png')));
    assert.equal(outline.width, 32);
    assert.equal(outline.alpha(0, 0), 0, 'transparent corner');
    assert.equal(outline.alpha(16, 8), 255, 'opaque shape');
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) if (outline.alpha(x, y) > 0) assert.deepEqual(outline.rgb(x, y), [255, 255, 255]);
  });

  it('writes a zip with the three files at its root', () => {
    const entries = readZip(buildPackage({ appId: APP_ID, version: '1.0.0' }));
    assert.deepEqual(entries.map((e) => e.name), ['manifest.json', 'color.png', 'outline.png']);
    assert.equal((JSON.parse(entries[0]!.data.toString()) as { id: string }).id, APP_ID);
  });

  it('zip writer round-trips and detects corruption', () => {
    const zip = writeZip([{ name: 'a.txt', data: Buffer.from('hello') }]);
    assert.equal(readZip(zip)[0]?.data.toString(), 'hello');
    const bad = Buffer.from(zip);
    bad[35] = (bad[35] ?? 0) ^ 0xff; // flip a data byte
    assert.throws(() => readZip(bad), /CRC/);
  });

  it('npm run package:teams writes the upload zip from the environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'teams-pkg-'));
    try {
      const out = join(dir, 'app.zip');
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'manifest/teams/package.ts', '--out', out], {
        cwd: ROOT,
        env: { ...process.env, MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: 'bot.example.net' },
      });
      const manifest = readZip(await readFile(out)).find((e) => e.name === 'manifest.json');
      assert.deepEqual((JSON.parse(manifest!.data.toString()) as { validDomains: string[] }).validDomains, ['bot.example.net']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
