import { test, expect } from '@playwright/test';
import { expectAccessible, logIn, newMember } from './helpers';

test('a member signs up for a full workshop, waits in line, and moves up when someone cancels', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const title = `Datenschutz-Sprechstunde ${Date.now()}`;

  // Clara (the demo's admin) publishes a workshop with one seat.
  const clara = await (await browser.newContext({ baseURL, locale: 'en-GB' })).newPage();
  await logIn(clara, 'clara@demo.civic-innovation.invalid', 'demo-password');
  await clara.goto('/workshops');
  await clara.getByRole('link', { name: 'Publish a workshop' }).click();
  await expect(clara).toHaveURL(/\/workshops\/new$/);
  await expectAccessible(clara);
  await clara.getByLabel('Title (German)').fill(title);
  await clara.getByLabel('Title (English)').fill(`Data protection clinic ${title.slice(-13)}`);
  await clara.getByLabel('Description (German)').fill('Wir klären Ihre Fragen zur **DSGVO**.');
  await clara.getByLabel('Description (English)').fill('We answer your questions on the **GDPR**.');
  await clara.getByLabel('Format').selectOption('on_site');
  await clara.getByLabel('Place').fill('Rathaus Leipzig, Raum 3');
  // No seats is refused, with the field marked; what was typed stays.
  await clara.getByLabel('Seats').fill('0');
  await clara.getByRole('button', { name: 'Save workshop' }).click();
  await expect(clara.getByRole('alert').first()).toContainText('whole number of seats');
  await expect(clara.getByLabel('Title (German)')).toHaveValue(title);
  await clara.getByLabel('Seats').fill('1');
  await clara.getByRole('button', { name: 'Save workshop' }).click();
  await expect(clara).toHaveURL(/\/workshops\/[0-9a-f-]{36}\?saved=1$/);
  const workshop = new URL(clara.url()).pathname;
  await expect(clara.getByText('1 of 1 seats left')).toBeVisible();

  // Visitors find it; the page is plain HTML.
  const visitor = await (await browser.newContext({ baseURL, locale: 'de-DE' })).newPage();
  await visitor.goto('/workshops');
  await expect(visitor.getByRole('link', { name: title })).toBeVisible();
  await expect(visitor.locator('script')).toHaveCount(0);
  await expectAccessible(visitor);

  // Paula takes the seat and can put it in her calendar.
  const paula = await newMember(browser, baseURL, 'Paula Platz');
  await paula.goto(workshop);
  await paula.getByRole('button', { name: 'Sign up' }).click();
  await expect(paula.getByText('You are signed up: a seat is yours.')).toBeVisible();
  const ics = await paula.getByRole('link', { name: 'Add to calendar (.ics)' }).getAttribute('href');
  const file = await paula.request.get(ics ?? '');
  expect(file.headers()['content-type']).toContain('text/calendar');
  expect(await file.text()).toContain(`SUMMARY:Data protection clinic ${title.slice(-13)}`);
  await expectAccessible(paula);

  // Quentin finds it full and joins the waiting list.
  const quentin = await newMember(browser, baseURL, 'Quentin Warteliste');
  await quentin.goto(workshop);
  await expect(quentin.getByText('Full: waiting list open')).toBeVisible();
  await quentin.getByRole('button', { name: 'Join the waiting list' }).click();
  await expect(quentin.getByText('The workshop is full: you are on the waiting list.')).toBeVisible();
  await expect(quentin.locator('.workshop-status')).toContainText('You are number 1 on the waiting list');
  await expectAccessible(quentin);

  // Clara sees who comes, in order.
  await clara.goto(workshop);
  await expect(clara.locator('ol.attendees li')).toHaveText([/Paula Platz · has a seat/, /Quentin Warteliste · waiting/]);

  // Paula cancels: Quentin has the seat at once, and is told.
  await paula.getByRole('button', { name: 'Cancel my sign-up' }).click();
  await expect(paula.getByText('Your sign-up is cancelled.')).toBeVisible();
  await quentin.goto(workshop);
  await expect(quentin.locator('.workshop-status')).toHaveText('You have a seat.');
  await quentin.goto('/me/notifications');
  await expect(quentin.getByText('A seat at a workshop came free: it is yours now.')).toBeVisible();
});
