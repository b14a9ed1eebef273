import { test, expect } from '@playwright/test';
import { createDraft, expectAccessible, newMember } from './helpers';

test('members comment on a published idea, reply, edit and delete; visitors see none of it', async ({ browser, baseURL }) => {
  const ida = await newMember(browser, baseURL, 'Ida Idee');
  const kai = await newMember(browser, baseURL, 'Kai Kommentar');

  const url = await createDraft(ida, 'Sitzbänke mit Sensoren', 'Wo man in der Stadt ausruhen kann.', 'Skizze.');
  const idea = new URL(url).pathname;
  await expect(ida.locator('#comments')).toContainText('Comments open when the idea is published.');
  await ida.getByRole('button', { name: 'Publish' }).click();
  await expect(ida.getByRole('heading', { name: 'Comments' })).toBeVisible();

  // Kai comments; Ida hears of it.
  await kai.goto(idea);
  await kai.getByLabel('Write a comment').fill('Habt ihr das **Grünflächenamt** gefragt?');
  await kai.getByRole('button', { name: 'Post comment' }).click();
  await expect(kai).toHaveURL(new RegExp(`${idea}#c-[0-9a-f-]{36}$`));
  const thread = kai.locator('#comments .comment').first();
  await expect(thread.locator('strong')).toHaveText('Grünflächenamt');
  await expect(kai.getByRole('heading', { name: 'Comments (1)' })).toBeVisible();
  await expectAccessible(kai);

  await ida.goto('/me/ideas');
  await ida.getByRole('link', { name: /^Notifications 1 unread$/ }).click();
  await expect(ida.locator('.notification').first()).toContainText('Kai Kommentar');
  await ida.locator('.notification a').first().click();
  await expect(ida).toHaveURL(new RegExp(`${idea}#c-`));

  // Ida replies in the thread.
  const first = ida.locator('#comments .comment').first();
  await first.getByText('Reply', { exact: true }).click();
  await first.getByLabel('Your reply').fill('Noch nicht – kennst du dort jemanden?');
  await first.getByRole('button', { name: 'Post reply' }).click();
  await expect(ida.locator('#comments .replies .comment')).toContainText('kennst du dort jemanden');
  await expect(ida.getByRole('heading', { name: 'Comments (2)' })).toBeVisible();

  // Kai edits his comment, then deletes it: the reply stays under its place.
  await kai.goto(idea);
  const mine = kai.locator('#comments .comment').first();
  await mine.locator('summary', { hasText: 'Edit' }).first().click();
  await mine.getByLabel('Your comment').fill('Habt ihr das Grünflächenamt schon gefragt?');
  await mine.getByRole('button', { name: 'Save comment' }).click();
  await expect(kai.locator('#comments .comment').first()).toContainText('schon gefragt');
  await expect(kai.locator('#comments .comment').first()).toContainText('edited');
  const again = kai.locator('#comments .comment').first();
  await again.locator('summary', { hasText: 'Delete' }).first().click();
  await again.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(kai.locator('#comments .comment').first()).toContainText('This comment was deleted.');
  await expect(kai.locator('#comments .replies .comment')).toContainText('kennst du dort jemanden');
  await expectAccessible(kai);

  // Visitors read the teaser, never the comments.
  const visitor = await browser.newPage({ baseURL, locale: 'en-GB' });
  await visitor.goto(idea);
  await expect(visitor.locator('#comments')).toHaveCount(0);
  expect(await visitor.content()).not.toContain('kennst du dort jemanden');
  await visitor.close();
});
