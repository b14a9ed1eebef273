import { test, expect, type Page } from '@playwright/test';
import { expectAccessible, newMember } from './helpers';

/** Opens `path` and waits until its live region is connected to the member's events. */
async function openLive(page: Page, path: string, region: string) {
  await page.goto(path);
  await expect(page.locator(`${region}[data-live="on"]`)).toBeAttached();
}

test('a member asks another to talk, is accepted, and both see messages arrive live', async ({ browser, baseURL }) => {
  const alma = await newMember(browser, baseURL, 'Alma Kontakt');
  const bodo = await newMember(browser, baseURL, 'Bodo Kontakt');
  const bodoProfile = (await bodo.getByRole('link', { name: 'My profile as members see it' }).getAttribute('href')) ?? '';
  expect(bodoProfile).toMatch(/^\/profiles\/[0-9a-f-]{36}$/);
  // Bodo has his messages open while Alma writes.
  await openLive(bodo, '/me/messages', '#inbox');

  // Alma writes a request on Bodo's profile (a plain form post).
  await alma.goto(bodoProfile);
  await expect(alma.getByRole('heading', { name: 'Contact Bodo Kontakt' })).toBeVisible();
  await expectAccessible(alma);
  await alma.getByLabel('Your message').fill('Hallo Bodo, ich leite das Datenbüro in Leipzig.');
  await alma.getByRole('button', { name: 'Send contact request' }).click();
  await expect(alma).toHaveURL(/\?requested=[0-9a-f-]{36}$/);
  await expect(alma.getByText('Your contact request has been sent.')).toBeVisible();

  // It appears on Bodo's open page without a reload; he accepts, and the note opens the
  // conversation.
  const request = bodo.locator('section[aria-labelledby="requests-received"] .card');
  await expect(request).toContainText('ich leite das Datenbüro');
  await expect(request).toContainText('Alma Kontakt');
  await expectAccessible(bodo);
  await request.getByRole('button', { name: 'Accept' }).click();
  await expect(bodo).toHaveURL(/\/me\/messages\/[0-9a-f-]{36}$/);
  await expect(bodo.getByRole('heading', { name: 'Conversation with Alma Kontakt' })).toBeVisible();
  await expect(bodo.locator('.message').first()).toContainText('ich leite das Datenbüro');
  const conversation = new URL(bodo.url()).pathname;
  await expect(bodo.locator('.messages-list[data-live="on"]')).toBeAttached();

  // Alma finds the conversation in her messages and opens it.
  await alma.goto('/me/messages');
  await alma.locator('section[aria-labelledby="conversations"] .card').getByRole('link', { name: 'Bodo Kontakt' }).click();
  await expect(alma).toHaveURL(new RegExp(`${conversation}$`));
  await expect(alma.locator('.messages-list[data-live="on"]')).toBeAttached();

  // Each sees the other's message arrive without reloading.
  await bodo.getByLabel('Your reply').fill('Gern! Passt Ihnen Donnerstag?');
  await bodo.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(bodo.locator('.message').last()).toContainText('Passt Ihnen Donnerstag?');
  await expect(alma.locator('.message').last()).toContainText('Passt Ihnen Donnerstag?');
  // Bodo's page reloaded after his post: wait until it listens again.
  await expect(bodo.locator('.messages-list[data-live="on"]')).toBeAttached();
  await alma.getByLabel('Your reply').fill('Donnerstag passt, 10 Uhr.');
  await alma.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(bodo.locator('.message').last()).toContainText('Donnerstag passt, 10 Uhr.');
  await expectAccessible(alma);

  // Her view of Bodo's profile now leads to the conversation instead of a new request.
  await alma.goto(bodoProfile);
  await expect(alma.getByRole('link', { name: 'Open your conversation' })).toBeVisible();
});
