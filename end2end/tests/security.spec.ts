import { test, expect, type Page } from '@playwright/test';
import { expectAccessible, fill, logIn, registerVerified, tokenFromOutbox } from './helpers';

/** Waits for a mail with a `<linkPath>?token=` link to `email` (reset mails go out in the background). */
async function tokenArrives(email: string, linkPath: string): Promise<string> {
  let token: string | undefined;
  await expect.poll(() => (token = tokenFromOutbox(email, linkPath))).toBeTruthy();
  return token as string;
}

/** Records every Content-Security-Policy violation the page reports. */
async function watchPolicy(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Content-Security-Policy/i.test(msg.text())) {
      violations.push(msg.text());
    }
  });
  await page.exposeFunction('__reportCsp', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return violations;
}

test('islands hydrate and work under the Content-Security-Policy, with no violation', async ({ page }) => {
  const violations = await watchPolicy(page);
  // A page without islands allows no script at all.
  const res = await page.goto('/');
  expect(res?.headers()['content-security-policy']).toContain("script-src 'none'");
  await logIn(page, 'julia@demo.civic-innovation.invalid', 'demo-password');
  // The teaser counter updates as one types: only the hydrated island (WASM) does that.
  const editor = await page.goto('/ideas/new');
  expect(editor?.headers()['content-security-policy']).toContain("'strict-dynamic'");
  await page.getByLabel('Teaser').fill('Zwölf Zeichen');
  await expect(page.locator('#teaser-count')).toContainText('13 / 280');
  await page.goto('/me/account');
  await expect(page.getByRole('heading', { name: 'Account and security' })).toBeVisible();
  expect(violations).toEqual([]);
});

test('a member who forgot the password resets it with the link from the mail', async ({ page }) => {
  const email = `rosa.${Date.now()}@example.org`;
  await registerVerified(page, email, 'Rosa Reset', 'old password 123');

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expectAccessible(page);
  await fill(page, { 'E-mail address': email });
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByText('Please check your inbox')).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/password/reset?token=${await tokenArrives(email, 'password/reset')}`);
  await expectAccessible(page);
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill('new password 456');
  await page.getByLabel('Repeat the new password').fill('new password 456');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page).toHaveURL(/\/login\?reset=1/);
  await expect(page.getByText('Your new password is set.')).toBeVisible();

  await fill(page, { 'E-mail address': email, Password: 'old password 123' });
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('E-mail address or password is not correct.');
  await logIn(page, email, 'new password 456');
});

test('a member moves the account to a new address, confirmed from that address', async ({ page }) => {
  const stamp = Date.now();
  const email = `mo.${stamp}@example.org`;
  const next = `mo.new.${stamp}@example.org`;
  await registerVerified(page, email, 'Mo Move', 'move password 123');
  await logIn(page, email, 'move password 123');
  await page.getByRole('navigation', { name: 'My area' }).getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Account and security' })).toBeVisible();
  await expectAccessible(page);
  await fill(page, { 'New e-mail address': next, 'Current password': 'move password 123' });
  await page.getByRole('button', { name: 'Change e-mail address' }).click();
  await expect(page.getByText('We have sent a link to the new address.')).toBeVisible();

  await page.goto(`/email/confirm?token=${await tokenArrives(next, 'email/confirm')}`);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Use this e-mail address' }).click();
  await expect(page.getByText('Your e-mail address has been changed.')).toBeVisible();
  await expect(page.getByText(next)).toBeVisible();

  await page.getByRole('button', { name: 'Log out on all other devices' }).click();
  await expect(page.getByText('You have been logged out on every other device.')).toBeVisible();
  await expectAccessible(page);
});
