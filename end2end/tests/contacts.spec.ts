import { test, expect, type Browser, type Page } from '@playwright/test';
import { expectAccessible, logIn, registerVerified } from './helpers';

const password = 'correct horse battery';

/** A new member, registered, confirmed and logged in, in a browser context of their own. */
async function newMember(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = `${name.toLowerCase().replace(/\W/g, '')}.${Date.now()}@example.org`;
  await registerVerified(page, email, name, password);
  await logIn(page, email, password);
  return page;
}

test('a member asks another to talk, is accepted, and they write to each other', async ({ browser }) => {
  const alma = await newMember(browser, 'Alma Kontakt');
  const bodo = await newMember(browser, 'Bodo Kontakt');
  const bodoProfile = (await bodo.getByRole('link', { name: 'My profile as members see it' }).getAttribute('href')) ?? '';
  expect(bodoProfile).toMatch(/^\/profiles\/[0-9a-f-]{36}$/);

  // Alma writes a request on Bodo's profile (a plain form post).
  await alma.goto(bodoProfile);
  await expect(alma.getByRole('heading', { name: 'Contact Bodo Kontakt' })).toBeVisible();
  await expectAccessible(alma);
  await alma.getByLabel('Your message').fill('Hallo Bodo, ich leite das Datenbüro in Leipzig.');
  await alma.getByRole('button', { name: 'Send contact request' }).click();
  await expect(alma).toHaveURL(/\?requested=1$/);
  await expect(alma.getByText('Your contact request has been sent.')).toBeVisible();

  // Bodo finds it among his messages and accepts: the note opens the conversation.
  await bodo.goto('/me/messages');
  const request = bodo.locator('section[aria-labelledby="requests-received"] .card');
  await expect(request).toContainText('Alma Kontakt');
  await expect(request).toContainText('ich leite das Datenbüro');
  await expectAccessible(bodo);
  await request.getByRole('button', { name: 'Accept' }).click();
  await expect(bodo).toHaveURL(/\/me\/messages\/[0-9a-f-]{36}$/);
  await expect(bodo.getByRole('heading', { name: 'Conversation with Alma Kontakt' })).toBeVisible();
  await expect(bodo.locator('.message').first()).toContainText('ich leite das Datenbüro');
  await bodo.getByLabel('Your reply').fill('Gern! Passt Ihnen Donnerstag?');
  await bodo.getByRole('button', { name: 'Send' }).click();
  await expect(bodo.locator('.message').last()).toContainText('Passt Ihnen Donnerstag?');
  await expectAccessible(bodo);

  // Alma sees one unread message and reads it.
  await alma.goto('/me/messages');
  const conversation = alma.locator('section[aria-labelledby="conversations"] .card');
  await expect(conversation).toContainText('Bodo Kontakt');
  await expect(conversation).toContainText('1 unread');
  await conversation.getByRole('link', { name: 'Bodo Kontakt' }).click();
  await expect(alma.locator('.message').last()).toContainText('Passt Ihnen Donnerstag?');
  await expectAccessible(alma);
  // Her profile view of Bodo now leads to the conversation instead of a new request.
  await alma.goto(bodoProfile);
  await expect(alma.getByRole('link', { name: 'Open your conversation' })).toBeVisible();
});
