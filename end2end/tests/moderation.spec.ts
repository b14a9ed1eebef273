import { test, expect, type Browser, type Page } from '@playwright/test';
import { createDraft, emailOf, expectAccessible, logIn, moveClock, newMember } from './helpers';

async function admin(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'en-GB', extraHTTPHeaders: { 'X-Forwarded-For': '10.251.0.1' } });
  const page = await context.newPage();
  await logIn(page, 'clara@demo.civic-innovation.invalid', 'demo-password');
  return page;
}

async function reportIdea(page: Page, idea: string, reason: string) {
  await page.goto(idea);
  await page.getByText('Report', { exact: true }).click();
  await page.getByLabel('Why are you reporting this?').fill(reason);
  await page.getByRole('button', { name: 'Send report' }).click();
  await expect(page.getByText('Thank you. The admins will look at your report.')).toBeVisible();
}

test('members report an idea, it is hidden pending review, and an admin restores it from the queue', async ({ browser, baseURL }) => {
  const owner = await newMember(browser, baseURL, 'Otto Gemeldet');
  const title = `Werbung oder Idee ${Date.now()}`;
  const idea = new URL(await createDraft(owner, title, 'Ein Teaser, der manchen nicht gefällt.', 'Beschreibung.')).pathname;
  await owner.getByRole('button', { name: 'Publish' }).click();
  await expect(owner.getByText('Published', { exact: true })).toBeVisible();

  // Three members report it (the form is a plain post in a disclosure). Reports of
  // accounts younger than a day are heard by the admins but hide nothing.
  const reporters = [];
  for (const name of ['Rita Meldet', 'Rudi Meldet', 'Rosa Meldet']) reporters.push(await newMember(browser, baseURL, name));
  const visitor = await browser.newPage({ baseURL });
  await reportIdea(reporters[0], idea, 'Das ist Werbung für ein Produkt.');
  await expectAccessible(reporters[0]);
  await reportIdea(reporters[1], idea, 'Reine Werbung.');
  await moveClock(owner, 25);
  try {
    // A day later their accounts count: the third report hides it pending review.
    await reportIdea(reporters[2], idea, 'Reine Werbung.');
    // Hidden pending review: visitors find nothing, the owner is told.
    const res = await visitor.goto(idea);
    expect(res?.status()).toBe(404);
  } finally {
    await moveClock(owner, 0);
  }
  await owner.goto(idea);
  await expect(owner.getByText('Hidden pending review by the admins.')).toBeVisible();

  // The admin works through the queue.
  const clara = await admin(browser, baseURL);
  await clara.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Back office' }).click();
  await clara.getByRole('link', { name: 'Moderation queue' }).click();
  const card = clara.locator('.card').filter({ hasText: title });
  await expect(card).toContainText('3 open reports');
  await expect(card).toContainText('Hidden pending review (reported by several members)');
  await expect(card).toContainText('Das ist Werbung für ein Produkt.');
  await expectAccessible(clara);
  await card.getByRole('button', { name: 'Dismiss the reports' }).click();
  await expect(clara.getByText('Decision saved and logged.')).toBeVisible();
  await expect(clara.locator('.card').filter({ hasText: title })).toHaveCount(0);
  expect((await visitor.goto(idea))?.status()).toBe(200);

  // The audit log shows the decision; members and the log pass axe.
  await clara.goto('/admin/audit');
  await expect(clara.getByRole('table')).toContainText('Reports dismissed');
  await expectAccessible(clara);
  await clara.goto('/admin/members?q=Otto');
  await expect(clara.getByRole('table')).toContainText('Otto Gemeldet');
  await expectAccessible(clara);
  // Statistics: charts drawn on the server, each with its table.
  await clara.goto('/admin');
  await clara.getByRole('link', { name: 'Statistics' }).click();
  await expect(clara.getByRole('heading', { level: 1 })).toHaveText('Statistics');
  await expect(clara.locator('svg.chart')).toHaveCount(6);
  await expect(clara.getByRole('table')).toHaveCount(6);
  await expectAccessible(clara);
});

test('an admin suspends a member, who can no longer log in, and reinstates them', async ({ browser, baseURL }) => {
  const member = await newMember(browser, baseURL, 'Sina Gesperrt');
  const clara = await admin(browser, baseURL);
  await clara.goto('/admin/members?q=Sina%20Gesperrt');
  const row = clara.getByRole('row').filter({ hasText: 'Sina Gesperrt' });
  await row.getByRole('button', { name: 'Suspend' }).click();
  await expect(clara.getByText('Saved.')).toBeVisible();
  await expect(clara.getByRole('row').filter({ hasText: 'Sina Gesperrt' })).toContainText('Suspended');
  // Her open page finds her logged out, and logging in says why it fails.
  const res = await member.goto('/me/account');
  expect(res?.status()).toBe(401);
  await member.goto('/login');
  await member.getByLabel('E-mail address').fill(emailOf(member));
  await member.getByLabel('Password').fill('correct horse battery');
  await member.getByRole('button', { name: 'Log in' }).click();
  await expect(member.getByRole('alert')).toContainText('This account is suspended');
  await clara.getByRole('row').filter({ hasText: 'Sina Gesperrt' }).getByRole('button', { name: 'Reinstate' }).click();
  await expect(clara.getByRole('row').filter({ hasText: 'Sina Gesperrt' })).toContainText('Active');
  await clara.goto('/admin/audit');
  await expect(clara.getByRole('table')).toContainText('Member suspended');
  await expect(clara.getByRole('table')).toContainText('Member reinstated');
});
