import { test, expect } from '@playwright/test';
import { digestsTo, emailOf, expectAccessible, moveClock, newMember } from './helpers';

test('an owner invites a member into the group of a draft, and both edit it', async ({ browser, baseURL }) => {
  const greta = await newMember(browser, baseURL, 'Greta Gruppe');
  const hugo = await newMember(browser, baseURL, 'Hugo Gruppe');
  const hugoProfile = (await hugo.getByRole('link', { name: 'My profile as members see it' }).getAttribute('href')) ?? '';
  expect(hugoProfile).toMatch(/^\/profiles\/[0-9a-f-]{36}$/);

  // Greta writes a draft…
  await greta.goto('/ideas/new');
  await greta.getByLabel('Title').fill('Gemeinsame Lastenräder im Quartier');
  await greta.getByLabel('Teaser').fill('Ausleihe per App, Standorte nach Bedarf.');
  await greta.getByLabel('Full description').fill('Erste Skizze.');
  await greta.getByRole('button', { name: 'Save draft' }).click();
  await expect(greta).toHaveURL(/\/ideas\/[0-9a-f-]{36}$/);
  const idea = new URL(greta.url()).pathname;

  // …and invites Hugo from his profile (a plain form post).
  await greta.goto(hugoProfile);
  const invite = greta.locator('section#invite');
  await expect(invite.getByRole('heading', { name: 'Invite Hugo Gruppe to an idea' })).toBeVisible();
  await invite.getByLabel('Your idea').selectOption({ label: 'Gemeinsame Lastenräder im Quartier' });
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(greta).toHaveURL(/\?invited=[0-9a-f-]{36}#invite$/);
  await expect(greta.getByText('Invitation sent.')).toBeVisible();
  await expect(greta.locator('section#invite')).toContainText('already been invited');
  await expectAccessible(greta);

  // Greta keeps a page open; its header will count what happens without a reload.
  await greta.goto('/me/ideas');
  const nav = greta.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await expect(greta.locator('.site-header leptos-island[data-component^="UnreadCount"]')).toHaveCount(1);

  // Hugo finds the invitation under his groups and joins.
  await hugo.goto('/me/groups');
  const card = hugo.locator('section[aria-labelledby="invitations"] .card');
  await expect(card).toContainText('Gemeinsame Lastenräder im Quartier');
  await expect(card).toContainText('Invited by Greta Gruppe');
  await expectAccessible(hugo);
  await card.getByRole('button', { name: 'Join' }).click();
  await expect(hugo).toHaveURL(new RegExp(`${idea}\\?joined=1$`));
  await expect(hugo.getByText('Welcome to the group')).toBeVisible();
  const group = hugo.locator('section#group');
  await expect(group).toContainText('Greta Gruppe');
  await expect(group).toContainText('Hugo Gruppe');
  await expect(group).toContainText('2 of 3 seats for partners still open.');
  await expectAccessible(hugo);

  // Greta is told in the header of the page she had open, without reloading it; her
  // notifications say who joined.
  const bell = nav.getByRole('link', { name: /^Notifications 1 unread$/ });
  await expect(bell).toBeVisible();
  await expectAccessible(greta);
  await bell.click();
  await expect(greta.locator('.notification').first()).toContainText('Hugo Gruppe joined the group of “Gemeinsame Lastenräder im Quartier”');
  await expectAccessible(greta);
  await greta.goto('/me/ideas');
  await expect(greta.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();

  // The group talks in a conversation of its own. Greta opens it from her messages; Hugo
  // writes from the group panel's link, and his message arrives on her page without a reload.
  await greta.goto('/me/messages');
  const talk = greta.locator('section[aria-labelledby="conversations"] .card').filter({ hasText: 'Group conversation: Gemeinsame Lastenräder im Quartier' });
  await expect(talk).toContainText('With Hugo Gruppe');
  await expect(talk).toContainText('No messages yet.');
  await talk.getByRole('link').click();
  await expect(greta).toHaveURL(new RegExp(`/me/messages/${idea.split('/').pop()}$`));
  await expect(greta.locator('.messages-list[data-live="on"]')).toBeAttached();
  await expectAccessible(greta);
  await hugo.goto(idea);
  await hugo.locator('section#group').getByRole('link', { name: 'Group conversation' }).click();
  await expect(hugo.getByRole('heading', { name: 'Group conversation: Gemeinsame Lastenräder im Quartier' })).toBeVisible();
  await hugo.getByLabel('Your reply').fill('Ich kenne zwei Standorte am Bahnhof.');
  await hugo.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(greta.locator('.message').last()).toContainText('zwei Standorte am Bahnhof');
  await expect(greta.locator('.message').last()).toContainText('Hugo Gruppe');
  await hugo.goto(idea);

  // Hugo edits the draft; Greta sees his change.
  await hugo.getByRole('link', { name: 'Edit' }).click();
  await hugo.getByLabel('Full description').fill('Erste Skizze. Hugo ergänzt: zwölf Stationen.');
  await hugo.getByRole('button', { name: 'Save changes' }).click();
  await expect(hugo).toHaveURL(new RegExp(`${idea}$`));
  await greta.goto(idea);
  await expect(greta.locator('.description')).toContainText('zwölf Stationen');
  await expect(greta.locator('section#group')).toContainText('Hugo Gruppe');
  await expect(greta.locator('section#group').getByRole('button', { name: 'Remove' })).toBeVisible();

  // Both edit at once. Greta saves first; Hugo's save started from the older revision,
  // so it is kept, not applied: his editor combines both and leaves the overlap to him.
  await greta.goto(`${idea}/edit`);
  await hugo.goto(`${idea}/edit`);
  await expect(hugo.locator('.saved-meanwhile[data-live]')).toBeAttached({ timeout: 20_000 });
  await greta.getByLabel('Title').fill('Gemeinsame Lastenräder für alle');
  await greta.getByLabel('Full description').fill('Erste Skizze. Greta schlägt acht Stationen vor.');
  await greta.getByRole('button', { name: 'Save changes' }).click();
  await expect(greta).toHaveURL(new RegExp(`${idea}$`));
  // Hugo's open editor says so at once, before his own save would.
  await expect(hugo.locator('.saved-meanwhile')).toContainText('Someone in your group has just saved this idea.');
  await hugo.getByLabel('Full description').fill('Erste Skizze. Hugo ergänzt: zwölf Stationen am Bahnhof.');
  await hugo.getByRole('button', { name: 'Save changes' }).click();
  const merge = hugo.locator('section.merge');
  await expect(merge.getByRole('heading', { name: 'Your changes are not saved yet' })).toBeVisible();
  await expect(merge).toContainText('Greta Gruppe saved this idea while you were editing');
  await expect(merge).toContainText('Greta schlägt acht Stationen vor.');
  await expect(hugo.getByLabel('Title')).toHaveValue('Gemeinsame Lastenräder für alle');
  const description = hugo.getByLabel('Full description');
  await expect(description).toHaveValue(/^<<<<<<< Your version\nErste Skizze\. Hugo ergänzt/);
  await expectAccessible(hugo);
  // Markers left in are refused; decided, it is saved.
  await hugo.getByRole('button', { name: 'Save changes' }).click();
  await expect(hugo.getByRole('alert').first()).toContainText('Marked differences');
  await expect(hugo.locator('section.merge')).toBeVisible();
  await description.fill('Erste Skizze. Greta schlägt acht Stationen vor, Hugo zwölf am Bahnhof.');
  await hugo.getByRole('button', { name: 'Save changes' }).click();
  await expect(hugo).toHaveURL(new RegExp(`${idea}$`));
  await expect(hugo.locator('h1')).toHaveText('Gemeinsame Lastenräder für alle');
  await expect(hugo.locator('.description')).toContainText('Hugo zwölf am Bahnhof');

  // The history lists every save and shows what the last one changed.
  await hugo.getByRole('link', { name: 'History' }).click();
  await expect(hugo).toHaveURL(new RegExp(`${idea}/history$`));
  const rows = hugo.locator('table tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText('Hugo Gruppe');
  await expect(rows.nth(1)).toContainText('Greta Gruppe');
  await expect(rows.nth(1)).toContainText('Title, Full description');
  await expect(hugo.locator('.comparison ins').first()).toContainText('Hugo');
  await expectAccessible(hugo);
  // Any two: the first against the newest.
  await rows.nth(3).getByLabel('Compare from revision 1').check();
  await rows.nth(0).getByLabel('Compare to revision 4').check();
  await hugo.getByRole('button', { name: 'Compare selected revisions' }).click();
  // A GET form: the comparison is a link (newest first, so `to` comes before `from`).
  await expect(hugo).toHaveURL(/\/history\?to=4&from=1$/);
  await expect(hugo.getByRole('heading', { name: 'Changes from revision 1 to revision 4' })).toBeVisible();
  await expect(hugo.locator('.comparison del').first()).toBeVisible();

  // Greta's save is in Hugo's daily digest (edits are mailed daily by default): the next
  // morning's mail lists it, without the idea's text.
  expect(digestsTo(emailOf(hugo))).toEqual([]);
  try {
    await moveClock(hugo, 25);
    const digests = digestsTo(emailOf(hugo));
    expect(digests).toHaveLength(1);
    expect(digests[0]).toContain('Greta Gruppe edited');
    expect(digests[0]).toContain('Gemeinsame Lastenr');
    expect(digests[0]).not.toContain('acht Stationen');
  } finally {
    await moveClock(hugo, 0);
  }

  // Hugo's groups list the idea; he leaves, and the draft is closed to him again.
  await hugo.goto('/me/groups');
  await expect(hugo.locator('section[aria-labelledby="my-groups"] .card')).toContainText('Idea of Greta Gruppe');
  await hugo.goto(idea);
  await hugo.locator('section#group').getByRole('button', { name: 'Leave the group' }).click();
  await expect(hugo).toHaveURL(/\/me\/groups\?left=1$/);
  await expect(hugo.getByText('You have left the group.')).toBeVisible();
  const gone = await hugo.goto(idea);
  expect(gone?.status()).toBe(404);
  // …and so is the group's conversation.
  const talkGone = await hugo.goto(`/me/messages/${idea.split('/').pop()}`);
  expect(talkGone?.status()).toBe(404);
});
