// `npm run package:teams`: fills manifest.json from the environment and writes the Teams upload
// zip (manifest.json, color.png, outline.png at the root).
//   MICROSOFT_APP_ID   the bot's Entra app id (required)
//   TEAMS_APP_ID       the Teams app id (default: MICROSOFT_APP_ID)
//   BOT_DOMAIN         host name of the bot, for validDomains (default: from PUBLIC_URL, else omitted)
//   TEAMS_APP_VERSION  manifest version (default: package.json version)
//   --out FILE         output path (default: dist/chat-dlp-teams.zip)
// This is a build script, not the service: it reads process.env itself.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPngHeader } from './png.js';
import { readZip, writeZip } from './zip.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../..');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;

export interface PackageInput {
  appId: string;
  teamsAppId?: string;
  botDomain?: string;
  version: string;
}

export class PackageError extends Error {}

/** The filled-in manifest, or an error naming the variable to fix. */
export function buildManifest(template: string, input: PackageInput): Record<string, unknown> {
  if (!GUID.test(input.appId)) throw new PackageError(`MICROSOFT_APP_ID must be the bot's Entra app id (a GUID), got "${input.appId}"`);
  const teamsAppId = input.teamsAppId || input.appId;
  if (!GUID.test(teamsAppId)) throw new PackageError(`TEAMS_APP_ID must be a GUID, got "${teamsAppId}"`);
  if (!SEMVER.test(input.version)) throw new PackageError(`TEAMS_APP_VERSION must be x.y.z, got "${input.version}"`);
  if (input.botDomain && !/^[a-z0-9.-]+(:\d+)?$/i.test(input.botDomain)) {
    throw new PackageError(`BOT_DOMAIN must be a host name without scheme or path, got "${input.botDomain}"`);
  }
  const filled = template
    .replaceAll('{{MICROSOFT_APP_ID}}', input.appId)
    .replaceAll('{{TEAMS_APP_ID}}', teamsAppId)
    .replaceAll('{{VERSION}}', input.version)
    .replaceAll('{{BOT_DOMAIN}}', input.botDomain ?? '');
  const manifest = JSON.parse(filled) as Record<string, unknown> & { validDomains?: string[] };
  manifest.validDomains = (manifest.validDomains ?? []).filter(Boolean);
  const left = /\{\{[A-Z_]+\}\}/.exec(JSON.stringify(manifest));
  if (left) throw new PackageError(`manifest.json: placeholder ${left[0]} was not filled`);
  return manifest;
}

export function checkIcons(color: Buffer, outline: Buffer): void {
  const c = readPngHeader(color);
  const o = readPngHeader(outline);
  if (c.width !== 192 || c.height !== 192) throw new PackageError(`color.png must be 192×192, is ${c.width}×${c.height}`);
  if (o.width !== 32 || o.height !== 32) throw new PackageError(`outline.png must be 32×32, is ${o.width}×${o.height}`);
  if (o.colourType !== 6 && o.colourType !== 4) throw new PackageError('outline.png must have an alpha channel (transparent background)');
}

export function buildPackage(input: PackageInput, dir = HERE): Buffer {
  const manifest = buildManifest(readFileSync(resolve(dir, 'manifest.json'), 'utf8'), input);
  const color = readFileSync(resolve(dir, 'color.png'));
  const outline = readFileSync(resolve(dir, 'outline.png'));
  checkIcons(color, outline);
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') },
    { name: 'color.png', data: color },
    { name: 'outline.png', data: outline },
  ]);
  readZip(zip); // self-check: readable, CRCs right
  return zip;
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function main(): void {
  const env = process.env;
  const outArg = process.argv.indexOf('--out');
  const out = resolve(outArg > 0 && process.argv[outArg + 1] ? process.argv[outArg + 1]! : resolve(ROOT, 'dist/chat-dlp-teams.zip'));
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  try {
    const botDomain = env.BOT_DOMAIN || hostOf(env.PUBLIC_URL);
    const zip = buildPackage({
      appId: env.MICROSOFT_APP_ID ?? '',
      ...(env.TEAMS_APP_ID ? { teamsAppId: env.TEAMS_APP_ID } : {}),
      ...(botDomain ? { botDomain } : {}),
      version: env.TEAMS_APP_VERSION || pkg.version,
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, zip);
    console.log(`wrote ${out} (${zip.length} bytes): upload it in Teams → Apps → Manage your apps → Upload an app`);
  } catch (err) {
    if (err instanceof PackageError) {
      console.error(`package:teams: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
