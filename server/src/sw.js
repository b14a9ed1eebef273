// The Civic Innovation Platform's service worker, served at /sw.js by the server, which
// fills in this build's asset names (server/src/service_worker.rs). It keeps the idea
// editor usable without a network for the member who used it: this build's CSS, JS and
// WASM, and the editor pages the member opened (network first, the kept copy when
// offline). Every other page comes from the network. Kept pages are the member's alone:
// a page tells the worker whose session it is, and the worker drops every other member's
// copies; logging out clears everything (Clear-Site-Data), and so does any page that comes
// without that member's session (ended on another device, a new password, a suspension):
// member pages name their member in the `x-cip-member` header.
'use strict';
const ASSETS = __ASSETS__;
const ASSET_CACHE = 'cip-assets-__VERSION__';
const MEMBER_CACHE = 'cip-member-';
const WHO = 'cip-who';
const EDITOR = /^\/ideas\/(new|[0-9a-f-]{36}\/edit)$/;
const OFFLINE = __OFFLINE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(ASSET_CACHE).then((c) => c.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('cip-assets-') && k !== ASSET_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function member() {
  // caches.open would make the cache: after a logout cleared everything, nothing is made.
  if (!(await caches.has(WHO))) return null;
  const hit = await (await caches.open(WHO)).match('/who');
  return hit ? hit.text() : null;
}

// A member's page says whose session it is: keep that member's pages only, and the editor
// for a new idea and the page it came from (when it is an editor), ready for offline use.
self.addEventListener('message', (event) => {
  const id = typeof event.data === 'string' && /^[0-9a-f-]{36}$/.test(event.data) ? event.data : null;
  if (!id) return;
  event.waitUntil(
    (async () => {
      await (await caches.open(WHO)).put('/who', new Response(id));
      const keys = await caches.keys();
      await Promise.all(keys.filter((k) => k.startsWith(MEMBER_CACHE) && k !== MEMBER_CACHE + id).map((k) => caches.delete(k)));
      const mine = await caches.open(MEMBER_CACHE + id);
      const pages = ['/ideas/new'];
      const from = event.source && new URL(event.source.url);
      if (from && EDITOR.test(from.pathname) && !from.search) pages.push(from.pathname);
      await Promise.all(pages.map((p) => keep(mine, p)));
    })(),
  );
});

async function keep(cache, path) {
  try {
    const res = await fetch(path, { credentials: 'same-origin', redirect: 'manual' });
    if (res.ok) await cache.put(path, res);
  } catch (_) {
    // Offline: keep what is there.
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(event.request)));
  } else if (event.request.mode === 'navigate' && EDITOR.test(url.pathname)) {
    event.respondWith(editor(event.request, url));
  } else if (event.request.mode === 'navigate') {
    event.respondWith(fetch(event.request).then((res) => forgetEnded(res).then(() => res)));
  }
});

// Whether a page came from the network without the session the kept pages are for; then
// they go, with the note of whose they were.
async function forgetEnded(res) {
  const id = await member();
  if (!id || res.type === 'opaqueredirect' || res.headers.get('x-cip-member') === id) return false;
  const keys = await caches.keys();
  await Promise.all(keys.filter((k) => k.startsWith(MEMBER_CACHE) || k === WHO).map((k) => caches.delete(k)));
  return true;
}

async function editor(request, url) {
  const id = await member();
  try {
    const res = await fetch(request);
    if (await forgetEnded(res)) return res;
    if (id && res.ok && !res.redirected && !url.search) {
      await (await caches.open(MEMBER_CACHE + id)).put(url.pathname, res.clone());
    }
    return res;
  } catch (err) {
    const hit = id && (await (await caches.open(MEMBER_CACHE + id)).match(url.pathname));
    return hit || new Response(OFFLINE, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  }
}
