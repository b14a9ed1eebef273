import { expect, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';

export const outbox = path.join(__dirname, '..', '.tmp', 'outbox');
export const artifacts = path.join(__dirname, '..', 'test-results', 'screenshots');

/** The mails to `email` in the file outbox, decoded from quoted-printable. */
function mailsTo(email: string): string[] {
  return fs
    .readdirSync(outbox)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => fs.readFileSync(path.join(outbox, f), 'utf8'))
    .map((m) => m.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))))
    .filter((m) => m.toLowerCase().includes(`to: ${email.toLowerCase()}`));
}

/** The token of the link `<path>?token=` in a mail to `email`, or undefined. */
export function tokenFromOutbox(email: string, linkPath: string): string | undefined {
  const pattern = new RegExp(`${linkPath.replace(/[/?]/g, '\\$&')}\\?token=([0-9a-f]{64})`);
  for (const m of mailsTo(email)) {
    const found = m.match(pattern);
    if (found) return found[1];
  }
  return undefined;
}

/** The verification token from the confirmation mail to `email`. */
export function verificationToken(email: string): string {
  const token = tokenFromOutbox(email, 'verify');
  if (!token) throw new Error(`no verification mail for ${email}`);
  return token;
}

/** The confirmation link (path and query, `next` included) in the mail to `email`. */
export function verificationLink(email: string): string {
  for (const m of mailsTo(email)) {
    const found = m.match(/\/verify\?token=[0-9a-f]{64}(&next=[^\s]+)?/);
    if (found) return found[0];
  }
  throw new Error(`no verification mail for ${email}`);
}

/** Opens the confirmation link and presses the button (opening it alone confirms nothing). */
export async function confirmAddress(page: Page, email: string) {
  await page.goto(`/verify?token=${verificationToken(email)}`);
  await page.getByRole('button', { name: 'Confirm my e-mail address' }).click();
  await expect(page.getByRole('heading', { name: 'Your e-mail address is confirmed' })).toBeVisible();
}

/** axe-core (WCAG 2.1 A/AA rules) must find nothing on the page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const problems = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(problems).toEqual([]);
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** Fills form fields by their labels, in order. */
export async function fill(page: Page, fields: Record<string, string>) {
  for (const [label, value] of Object.entries(fields)) {
    await page.getByLabel(label).fill(value);
  }
}

export async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await fill(page, { 'E-mail address': email, Password: password });
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/me$/);
}

/** Registers a new account through the form and confirms its address from the outbox. */
export async function registerVerified(page: Page, email: string, name: string, password: string) {
  await page.goto('/register');
  await fill(page, { 'E-mail address': email, 'Display name': name, Password: password });
  await page.locator('#accept_terms').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/login\?registered=1/);
  await confirmAddress(page, email);
}

/** Fills the idea form and saves it; returns the new idea's URL. */
export async function createDraft(page: Page, title: string, teaser: string, description: string) {
  await page.goto('/ideas/new');
  await fill(page, { Title: title, Teaser: teaser, 'Full description': description });
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/ideas\/[0-9a-f-]{36}$/);
  return page.url();
}

const emails = new WeakMap<Page, string>();

/** A new member, registered, confirmed and logged in, in a browser context of their own. */
let members = 0;

export async function newMember(browser: Browser, baseURL: string | undefined, name: string): Promise<Page> {
  // Each member browses from an address of its own (the e2e server trusts loopback as a
  // proxy), so rate limits per address see separate people, as in real use.
  members += 1;
  const address = `10.${process.pid % 250}.${Math.floor(members / 250)}.${members % 250}`;
  const context = await browser.newContext({ baseURL, locale: 'en-GB', extraHTTPHeaders: { 'X-Forwarded-For': address } });
  const page = await context.newPage();
  const email = `${name.toLowerCase().replace(/\W/g, '')}.${Date.now()}@example.org`;
  const password = 'correct horse battery';
  await registerVerified(page, email, name, password);
  await logIn(page, email, password);
  emails.set(page, email);
  return page;
}

/** The address `newMember` registered for `page`. */
export function emailOf(page: Page): string {
  const email = emails.get(page);
  if (!email) throw new Error('not a page of newMember');
  return email;
}

/** The daily digests mailed to `email`. */
export function digestsTo(email: string): string[] {
  return mailsTo(email).filter((m) => m.includes('Your daily summary'));
}

/**
 * Moves the server's clock `hours` ahead of the real one (0: back to it); the server runs
 * what is due then, e.g. the digests. The server of the suite allows this (CIP_TEST_CLOCK).
 */
export async function moveClock(page: Page, hours: number) {
  const res = await page.request.post('/test/clock', { form: { offset_secs: String(Math.round(hours * 3600)) } });
  expect(res.status()).toBe(200);
}
