import { test, expect, type Locator, type Page } from '@playwright/test';
import { expectAccessible, verificationToken } from './helpers';

/** Presses Tab until `target` has the focus (a keyboard user's way to reach it). */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`could not reach ${target} with Tab`);
}

test('register, confirm, log in and publish an idea with the keyboard alone', async ({ page }) => {
  const email = `kim.${Date.now()}@example.org`;
  const password = 'keyboard only please';

  await page.goto('/register');
  // The first Tab reaches the skip link, which moves focus to the main content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeVisible();

  await tabTo(page, page.getByLabel('E-mail address'));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel('Display name'));
  await page.keyboard.type('Kim Keys');
  await tabTo(page, page.getByLabel('Password'));
  await page.keyboard.type(password);
  await tabTo(page, page.getByLabel('I accept the terms of use and have read the data-protection notice.'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Create account' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login\?registered=1/);

  await page.goto(`/verify?token=${verificationToken(email)}`);
  await tabTo(page, page.getByRole('button', { name: 'Confirm my e-mail address' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('link', { name: 'Go to my profile' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Members only' })).toBeVisible();
  await tabTo(page, page.getByRole('main').getByRole('link', { name: 'Log in' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login\?next=/);
  await tabTo(page, page.getByLabel('E-mail address'));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel('Password'));
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();

  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My ideas' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('link', { name: 'New idea' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Share a new idea' })).toBeVisible();

  await tabTo(page, page.getByLabel('Title'));
  await page.keyboard.type('Keyboard-friendly forms for every town hall');
  await tabTo(page, page.getByLabel('Teaser'));
  await page.keyboard.type('Every public form should work without a mouse.');
  await tabTo(page, page.getByRole('button', { name: 'Save draft' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/ideas\/[0-9a-f-]{36}$/);
  await tabTo(page, page.getByRole('button', { name: 'Publish' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Published', { exact: true })).toBeVisible();
  await expectAccessible(page);
});
