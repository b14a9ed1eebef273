import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';

export const outbox = path.join(__dirname, '..', '.tmp', 'outbox');
export const artifacts = path.join(__dirname, '..', 'test-results', 'screenshots');

/** Decodes the quoted-printable mails in the file outbox and returns the verification token. */
export function verificationToken(email: string): string {
  const mails = fs
    .readdirSync(outbox)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => fs.readFileSync(path.join(outbox, f), 'utf8'))
    .map((m) => m.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))))
    .filter((m) => m.toLowerCase().includes(`to: ${email.toLowerCase()}`));
  for (const m of mails) {
    const found = m.match(/verify\?token=([0-9a-f]{64})/);
    if (found) return found[1];
  }
  throw new Error(`no verification mail for ${email}`);
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
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/login\?registered=1/);
  await page.goto(`/verify?token=${verificationToken(email)}`);
  await expect(page.getByRole('heading', { name: 'Your e-mail address is confirmed' })).toBeVisible();
}

/** Fills the idea form and saves it; returns the new idea's URL. */
export async function createDraft(page: Page, title: string, teaser: string, description: string) {
  await page.goto('/ideas/new');
  await fill(page, { Title: title, Teaser: teaser, 'Full description': description });
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/ideas\/[0-9a-f-]{36}$/);
  return page.url();
}
