import { test, expect, type Page } from '@playwright/test';
import { createDraft, emailOf, expectAccessible, logIn, newMember } from './helpers';

/** Waits until the service worker keeps `path` for the member (after one online visit). */
async function keptOffline(page: Page, path: string) {
  await expect
    .poll(
      () =>
        page.evaluate(async (p) => {
          for (const name of await caches.keys()) {
            if (name.startsWith('cip-member-') && (await (await caches.open(name)).match(p))) return true;
          }
          return false;
        }, path),
      { timeout: 20_000 },
    )
    .toBe(true);
}

// The editor says its state twice (top and beside the button); the one beside the button
// is announced and carries the notices.
const status = (page: Page) => page.locator('.draft-status[role="status"]');
// Back online, a kept save goes when the browser notices the network; the editor then
// reopens from the server. On a busy machine that takes longer than expect's 5 s.
const SYNC = { timeout: 20_000 };
// The editor keeps what is typed once its island runs; before that Save is a form post,
// which fails offline.
const keeping = (page: Page) => expect(page.locator('.draft-keeper[data-keeping]')).toBeAttached({ timeout: 20_000 });

test('typed offline, kept through a reload offline, saved offline and synced when back online', async ({ browser, baseURL }) => {
  const page = await newMember(browser, baseURL, 'Otto Offline');
  const idea = new URL(await createDraft(page, 'Funkloch-Karte', 'Wo das Netz fehlt.', 'Erste Fassung.')).pathname;
  await page.goto(`${idea}/edit`);
  await expect(status(page)).toHaveText('Saved.');
  await keptOffline(page, `${idea}/edit`);

  await page.context().setOffline(true);
  await page.getByLabel('Full description').fill('Offline geschrieben, im Zug.');
  await expect(status(page)).toContainText('Kept on this device — not saved yet.');
  // A reload without network: the editor comes from the service worker, the text from
  // this device.
  await page.reload();
  await expect(page.getByLabel('Full description')).toHaveValue('Offline geschrieben, im Zug.');
  await expect(status(page)).toContainText('Showing what you typed on this device');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(status(page)).toContainText('Saved on this device — will sync when you are online.');
  await expectAccessible(page);

  // Back online, the save goes by itself; the editor reopens at the saved revision.
  await page.context().setOffline(false);
  await expect(page).toHaveURL(new RegExp(`${idea}/edit\\?synced=1$`), SYNC);
  await expect(status(page)).toContainText('now saved on the server');
  await page.goto(idea);
  await expect(page.locator('.description')).toContainText('Offline geschrieben, im Zug.');
});

test('after one online visit the editor opens cold without network, and a new draft syncs later', async ({ browser, baseURL }) => {
  const page = await newMember(browser, baseURL, 'Cora Cold');
  await page.goto('/me/ideas');
  // Any member's page registers the worker, which keeps the editor for a new idea.
  await keptOffline(page, '/ideas/new');
  const context = page.context();
  await page.close();

  await context.setOffline(true);
  const cold = await context.newPage();
  await cold.goto('/ideas/new');
  await expect(cold.getByRole('heading', { name: 'Share a new idea' })).toBeVisible();
  await keeping(cold);
  await cold.getByLabel('Title').fill('Offline begonnen');
  await cold.getByLabel('Teaser').fill('Im Funkloch angefangen, zu Hause gespeichert.');
  await cold.getByRole('button', { name: 'Save draft' }).click();
  await expect(status(cold)).toContainText('Saved on this device — will sync');

  await context.setOffline(false);
  await expect(cold).toHaveURL(/\/ideas\/[0-9a-f-]{36}\/edit\?synced=1$/, SYNC);
  await expect(cold.getByLabel('Title')).toHaveValue('Offline begonnen');
  await cold.goto('/me/ideas');
  await expect(cold.locator('main')).toContainText('Offline begonnen');
});

test('a save kept offline meets a newer one from another device: the merge is shown and the choice saved', async ({ browser, baseURL }) => {
  const laptop = await newMember(browser, baseURL, 'Lena Laptop');
  const idea = new URL(await createDraft(laptop, 'Bänke, die sprechen', 'Wo man ausruhen kann.', 'Erste Fassung.')).pathname;
  const phoneContext = await browser.newContext({ baseURL, locale: 'en-GB' });
  const phone = await phoneContext.newPage();
  await logIn(phone, emailOf(laptop), 'correct horse battery');

  await laptop.goto(`${idea}/edit`);
  await keptOffline(laptop, `${idea}/edit`);
  await keeping(laptop);
  await laptop.context().setOffline(true);
  await laptop.getByLabel('Full description').fill('Laptop: acht Bänke am Markt.');
  await laptop.getByRole('button', { name: 'Save changes' }).click();
  await expect(status(laptop)).toContainText('will sync');

  // Meanwhile the phone, online, saves another version.
  await phone.goto(`${idea}/edit`);
  await phone.getByLabel('Full description').fill('Handy: zehn Bänke am Bahnhof.');
  await phone.getByRole('button', { name: 'Save changes' }).click();
  await expect(phone).toHaveURL(new RegExp(`${idea}$`));

  // Back online, the laptop's save is not applied: its editor shows both to decide.
  await laptop.context().setOffline(false);
  // The URL stays the editor's; the reopened editor has the merge.
  const merge = laptop.locator('section.merge');
  await expect(merge.getByRole('heading', { name: 'Your changes are not saved yet' })).toBeVisible(SYNC);
  await expect(laptop).toHaveURL(new RegExp(`${idea}/edit$`));
  await expect(merge).toContainText('Handy: zehn Bänke am Bahnhof.');
  await expect(laptop.getByLabel('Full description')).toHaveValue(/<<<<<<< Your version\nLaptop: acht Bänke am Markt\./);
  await expect(status(laptop)).toContainText('Conflict');
  await expectAccessible(laptop);
  await laptop.getByLabel('Full description').fill('Acht Bänke am Markt, zehn am Bahnhof.');
  await laptop.getByRole('button', { name: 'Save changes' }).click();
  await expect(laptop).toHaveURL(new RegExp(`${idea}$`));
  await expect(laptop.locator('.description')).toContainText('Acht Bänke am Markt, zehn am Bahnhof.');
  await phoneContext.close();
});

test('logging out with a draft not on the server asks first, and clears this device', async ({ browser, baseURL }) => {
  const page = await newMember(browser, baseURL, 'Lotte Logout');
  await page.goto('/ideas/new');
  await keptOffline(page, '/ideas/new');
  await page.getByLabel('Title').fill('Nur auf diesem Gerät');
  await expect(status(page)).toContainText('Kept on this device');

  const logOut = page.getByRole('button', { name: 'Log out' });
  page.once('dialog', (d) => d.dismiss());
  await logOut.click();
  await expect(page).toHaveURL(/\/ideas\/new$/);
  await expect(page.getByLabel('Title')).toHaveValue('Nur auf diesem Gerät');

  page.once('dialog', (d) => {
    expect(d.message()).toContain('not saved on the server');
    return d.accept();
  });
  await logOut.click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
  expect(await page.evaluate(() => caches.keys())).toEqual([]);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
});

test('an unreadable draft is set aside with a word, and another account’s draft is never shown', async ({ browser, baseURL }) => {
  const page = await newMember(browser, baseURL, 'Ulla Unlesbar');
  await page.goto('/ideas/new');
  const key = (await page.locator('.draft-keeper').getAttribute('data-draft-key')) ?? '';
  expect(key).toMatch(/^cip-draft:[0-9a-f-]{36}:new$/);
  const other = 'cip-draft:00000000-0000-4000-8000-000000000000:new';
  await page.evaluate(
    ([mine, theirs]) => {
      localStorage.setItem(mine, '{"member": broken');
      localStorage.setItem(
        theirs,
        JSON.stringify({ member: theirs.split(':')[1], idea: null, base: 0, fields: { title: 'Fremder Entwurf' }, pending: true, at: 1 }),
      );
    },
    [key, other],
  );
  await page.reload();
  await expect(status(page)).toContainText('A draft kept on this device could not be read; it was set aside.');
  await expect(page.getByLabel('Title')).toHaveValue('');
  // Set aside, not deleted; the other account's draft untouched and unsent.
  expect(await page.evaluate((k) => localStorage.getItem(`cip-unreadable:${k}`), key)).toBe('{"member": broken');
  expect(await page.evaluate((k) => localStorage.getItem(k), other)).toContain('Fremder Entwurf');
  await page.goto('/me/ideas');
  await expect(page.locator('main')).not.toContainText('Fremder Entwurf');
});

test('when the session ends on another device, the next page drops what the worker kept here', async ({ browser, baseURL }) => {
  const page = await newMember(browser, baseURL, 'Edda Ende');
  await page.goto('/ideas/new');
  await keptOffline(page, '/ideas/new');

  // On a phone, the member logs out everywhere else.
  const phoneContext = await browser.newContext({ baseURL, locale: 'en-GB', extraHTTPHeaders: { 'X-Forwarded-For': '10.253.0.9' } });
  const phone = await phoneContext.newPage();
  await logIn(phone, emailOf(page), 'correct horse battery');
  await phone.goto('/me/account');
  await phone.getByRole('button', { name: 'Log out on all other devices' }).click();
  await phoneContext.close();

  // The next page this browser opens comes without the session: the kept pages go.
  await page.goto('/');
  await expect
    .poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('cip-member-')).length), { timeout: 20_000 })
    .toBe(0);
  // Offline, whoever uses this browser finds no member's editor kept in it.
  await page.context().setOffline(true);
  try {
    const res = await page.goto('/ideas/new');
    expect(res?.status()).toBe(503);
    await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
  } finally {
    await page.context().setOffline(false);
  }
});
