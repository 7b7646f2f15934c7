// Assembles TinodeWeb (npm tinode-webapp) for the launcher so it works offline: the scripts,
// styles and fonts its index.html loads from CDNs are copied from npm packages and the page is
// rewritten to load them locally. Push notifications stay off: firebase-init.js is empty.
// Usage: node assemble.mjs OUTPUT_DIR
import fs from 'node:fs';
import path from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: node assemble.mjs OUTPUT_DIR');
  process.exit(2);
}
const nm = path.resolve('node_modules');
const app = path.join(nm, 'tinode-webapp');

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

fs.rmSync(out, { recursive: true, force: true });
for (const entry of fs.readdirSync(app)) {
  if (['package.json', 'README.md', 'index-dev.html'].includes(entry)) {
    continue;
  }
  copy(path.join(app, entry), path.join(out, entry));
}
// Source maps are large and not needed to run.
for (const f of fs.readdirSync(path.join(out, 'umd'))) {
  if (f.endsWith('.map') || f.includes('.dev.js')) {
    fs.rmSync(path.join(out, 'umd', f));
  }
}

const vendor = path.join(out, 'vendor');
copy(path.join(nm, 'react/umd/react.production.min.js'), path.join(vendor, 'react.production.min.js'));
copy(path.join(nm, 'react-dom/umd/react-dom.production.min.js'), path.join(vendor, 'react-dom.production.min.js'));
copy(path.join(nm, 'react-intl/react-intl.iife.js'), path.join(vendor, 'react-intl.iife.js'));
copy(path.join(nm, 'qrcodejs/qrcode.min.js'), path.join(vendor, 'qrcode.min.js'));
copy(path.join(nm, 'material-icons/iconfont/material-icons.css'), path.join(vendor, 'material-icons/material-icons.css'));
copy(path.join(nm, 'material-icons/iconfont/material-icons.woff2'), path.join(vendor, 'material-icons/material-icons.woff2'));
copy(path.join(nm, 'material-icons/iconfont/material-icons.woff'), path.join(vendor, 'material-icons/material-icons.woff'));
const roboto = path.join(nm, '@fontsource/roboto');
let robotoCss = '';
for (const w of ['300', '400', '400-italic', '500', '700', '700-italic']) {
  robotoCss += fs.readFileSync(path.join(roboto, w + '.css'), 'utf8') + '\n';
}
fs.mkdirSync(path.join(vendor, 'roboto'), { recursive: true });
fs.writeFileSync(path.join(vendor, 'roboto', 'roboto.css'), robotoCss);
for (const f of fs.readdirSync(path.join(roboto, 'files'))) {
  if (/-(latin|latin-ext|cyrillic)-(300|400|500|700)-(normal|italic)\.woff2?$/.test(f)) {
    copy(path.join(roboto, 'files', f), path.join(vendor, 'roboto', 'files', f));
  }
}

const replacements = [
  [/<link rel="canonical"[^>]*>\n?/, ''],
  [/https:\/\/fonts\.googleapis\.com\/css\?family=Roboto[^"]*/, 'vendor/roboto/roboto.css'],
  [/https:\/\/fonts\.googleapis\.com\/icon\?family=Material\+Icons/, 'vendor/material-icons/material-icons.css'],
  [/<script[^>]*polyfill[^>]*><\/script>\n?/, ''],
  [/https:\/\/cdn\.jsdelivr\.net\/npm\/react@[^"]*/, 'vendor/react.production.min.js'],
  [/https:\/\/cdn\.jsdelivr\.net\/npm\/react-dom@[^"]*/, 'vendor/react-dom.production.min.js'],
  [/https:\/\/cdn\.jsdelivr\.net\/npm\/react-intl@[^"]*/, 'vendor/react-intl.iife.js'],
  [/https:\/\/cdn\.jsdelivr\.net\/npm\/qrcodejs@[^"]*/, 'vendor/qrcode.min.js'],
];
let html = fs.readFileSync(path.join(app, 'index.html'), 'utf8');
for (const [from, to] of replacements) {
  html = html.replace(from, to);
}
html = html.replace(/ crossorigin="anonymous"/g, '');
const remote = html.match(/(src|href)="https?:\/\/[^"]*"/g);
if (remote) {
  console.error('index.html still loads remote resources: ' + remote.join(', '));
  process.exit(1);
}
fs.writeFileSync(path.join(out, 'index.html'), html);
fs.writeFileSync(path.join(out, 'firebase-init.js'),
  '// Push notifications are off: no Firebase configuration is served by this server.\n');
console.log('TinodeWeb assembled in ' + out);
