import { test, expect, type Page } from '@playwright/test';
import { emailOf, expectAccessible, logIn, moveClock, newMember } from './helpers';

/** A moment `hours` from now as a datetime-local input in Berlin time shows it. */
function berlin(hours: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + hours * 3600_000));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** `owner` publishes an idea; its path. */
async function publishIdea(owner: Page, title: string): Promise<string> {
  await owner.goto('/ideas/new');
  await owner.getByLabel('Title').fill(title);
  await owner.getByLabel('Teaser').fill('Sensoren melden freie Plätze, eine KI sagt den Bedarf voraus.');
  await owner.getByLabel('Full description').fill('Der ganze Plan, nur für Mitglieder.');
  await owner.getByRole('button', { name: 'Save draft' }).click();
  await expect(owner).toHaveURL(/\/ideas\/[0-9a-f-]{36}$/);
  const idea = new URL(owner.url()).pathname;
  await owner.getByRole('button', { name: 'Publish' }).click();
  await expect(owner.getByText('Published', { exact: true })).toBeVisible();
  return idea;
}

/** `owner` publishes an idea and `member` joins its group; the idea's path. */
async function groupIdea(owner: Page, member: Page, title: string): Promise<string> {
  const idea = await publishIdea(owner, title);
  const profile = (await member.getByRole('link', { name: 'My profile as members see it' }).getAttribute('href')) ?? '';
  await owner.goto(profile);
  await owner.locator('section#invite').getByLabel('Your idea').selectOption({ label: title });
  await owner.locator('section#invite').getByRole('button', { name: 'Send invitation' }).click();
  await expect(owner.getByText('Invitation sent.')).toBeVisible();
  await member.goto('/me/groups');
  await member.locator('section[aria-labelledby="invitations"] .card').filter({ hasText: title })
    .getByRole('button', { name: 'Join' }).click();
  await expect(member).toHaveURL(new RegExp(`${idea}\\?joined=1$`));
  return idea;
}

test('an admin opens a call; a group submits together and edits; after the deadline a juror scores, and the winner is public on the results date', async ({ browser, baseURL }) => {
  // Four people register and act in turn: longer than one page's flow.
  test.setTimeout(300_000);
  const title = `KI für Parkplätze ${Date.now()}`;
  const callTitle = `Ideenwettbewerb ${Date.now()}`;

  // Clara runs the platform (the demo's admin) and opens a call closing in two days.
  const context = await browser.newContext({ baseURL, locale: 'en-GB' });
  const clara = await context.newPage();
  await logIn(clara, 'clara@demo.civic-innovation.invalid', 'demo-password');
  await clara.goto('/calls');
  await clara.getByRole('link', { name: 'Open a new call' }).click();
  await expect(clara).toHaveURL(/\/calls\/new$/);
  await expectAccessible(clara);
  await clara.getByLabel('Title (German)').fill(callTitle);
  await clara.getByLabel('Title (English)').fill(`Idea contest ${callTitle.slice(-13)}`);
  await clara.getByLabel('Description (German)').fill('Reichen Sie Ihre Idee ein: **bis zu 20.000 Euro**.');
  await clara.getByLabel('Description (English)').fill('Enter your idea: **up to 20,000 euros**.');
  // A deadline before the opening is refused, with the field marked; what was typed stays.
  await clara.getByLabel('Submissions open').fill(berlin(-1));
  await clara.getByLabel('Deadline').fill(berlin(-2));
  await clara.getByLabel('Jury until').fill(berlin(24 * 10));
  await clara.getByLabel('Results').fill(berlin(24 * 12));
  await clara.getByRole('button', { name: 'Save call' }).click();
  await expect(clara.getByRole('alert').first()).toContainText('must come after the one above it');
  await expect(clara.getByLabel('Title (German)')).toHaveValue(callTitle);
  await clara.getByLabel('Deadline').fill(berlin(48));
  await clara.getByRole('button', { name: 'Save call' }).click();
  await expect(clara).toHaveURL(/\/calls\/[0-9a-f-]{36}\?saved=1$/);
  await expect(clara.getByText('The call is saved.')).toBeVisible();
  const call = new URL(clara.url()).pathname;
  await expect(clara.locator('.call-dates')).toContainText(/Deadline .* \(Berlin time\) — (1 day|2 days).* left/);
  await expectAccessible(clara);

  // Visitors find it among the open calls, in German by default; the page ships no script.
  const visitor = await (await browser.newContext({ baseURL, locale: 'de-DE' })).newPage();
  await visitor.goto('/calls');
  const open = visitor.locator('section[aria-labelledby="open-calls"]');
  await expect(open.getByRole('link', { name: callTitle })).toBeVisible();
  await expect(open).toContainText('bis zu 20.000 €');
  await expect(visitor.locator('script')).toHaveCount(0);
  await expectAccessible(visitor);
  await visitor.goto(call);
  await expect(visitor.getByRole('link', { name: 'Melden Sie sich an, um die Idee Ihrer Gruppe einzureichen' })).toBeVisible();
  await expectAccessible(visitor);

  // Greta and Hugo form a group around her published idea; Greta enters it.
  const greta = await newMember(browser, baseURL, 'Greta Wettbewerb');
  const hugo = await newMember(browser, baseURL, 'Hugo Wettbewerb');
  const idea = await groupIdea(greta, hugo, title);
  await greta.goto(call);
  const entry = greta.locator('.card').filter({ hasText: title });
  await entry.getByRole('button', { name: 'Enter this idea' }).click();
  await expect(greta).toHaveURL(/\/submissions\/[0-9a-f-]{36}\?started=1$/);
  const submission = new URL(greta.url()).pathname;
  // It starts as a copy of the idea: nothing typed twice.
  await expect(greta.getByLabel('Title')).toHaveValue(title);
  await expect(greta.getByLabel('Full description')).toHaveValue('Der ganze Plan, nur für Mitglieder.');
  await expectAccessible(greta);
  await greta.getByLabel('Which problem do you solve?').fill('Suchverkehr verstopft die Innenstadt.');
  await greta.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(greta).toHaveURL(/\?saved=1$/);
  await greta.getByRole('button', { name: 'Approve version 2' }).click();
  await expect(greta.getByText('Your approval is recorded.')).toBeVisible();
  // One member cannot submit for the group.
  await expect(greta.locator('.submission-status')).toHaveText('Not submitted yet: it counts once every member has approved this version.');
  await expect(greta.getByText('Waiting for one more approval.')).toBeVisible();
  // Her page follows the group's changes from now on.
  await expect(greta.locator('#approval[data-live]')).toBeAttached({ timeout: 20_000 });

  // Hugo is told at once that the submission waits for his approval.
  await hugo.goto('/me/notifications');
  await hugo.getByRole('link', { name: `Greta Wettbewerb saved the submission of “${title}”: it counts once you approve it too` }).click();
  await expect(hugo).toHaveURL(new RegExp(`${submission}$`));

  // Hugo approves the same version: now it counts.
  await hugo.goto(call);
  await expect(hugo.locator('.card').filter({ hasText: title })).toContainText('Awaiting approval');
  await hugo.locator('.card').filter({ hasText: title }).getByRole('link', { name: 'Open the submission' }).click();
  await expect(hugo.getByLabel('Which problem do you solve?')).toHaveValue('Suchverkehr verstopft die Innenstadt.');
  await hugo.getByRole('button', { name: 'Approve version 2' }).click();
  await expect(hugo.locator('.submission-status')).toHaveText('Submitted: this version counts.');
  await expectAccessible(hugo);
  // Greta's open submission page shows it at once, without a reload.
  await expect(greta.locator('.submission-status')).toHaveText('Submitted: this version counts.', { timeout: 15_000 });

  // Hugo edits it: version 2 still counts until both approve version 3.
  await hugo.getByLabel('Who is it for?').fill('Pendlerinnen, Lieferdienste, Anwohner.');
  await hugo.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(hugo.locator('.submission-status')).toHaveText('Submitted: version 2 counts until everyone has approved this one.');

  // The deadline passes (the server's clock, moved): the submission is frozen as it was.
  try {
    await moveClock(greta, 49);
    await greta.goto(submission);
    await expect(greta.locator('.submission-status')).toHaveText('Submitted: version 2 counts until everyone has approved this one.');
    await expect(greta.getByText('The submission deadline has passed: submissions can no longer be changed.')).toBeVisible();
    await expect(greta.getByRole('button', { name: 'Save as a new version' })).toHaveCount(0);
    await expect(greta.getByRole('button', { name: /^Approve/ })).toHaveCount(0);
    await expect(greta.locator('.submission-text')).toContainText('Pendlerinnen, Lieferdienste, Anwohner.');
    await expectAccessible(greta);
    await greta.goto('/calls');
    await expect(greta.locator('section[aria-labelledby="past-calls"]')).toContainText(`Idea contest ${callTitle.slice(-13)}`);
    // The call's page no longer invites entry: it says the jury is at work, and shows the
    // group's entry as it stands.
    await greta.goto(call);
    await expect(greta.locator('section.phase h2')).toHaveText('Entries are closed');
    await expect(greta.getByRole('button', { name: 'Enter this idea' })).toHaveCount(0);
    await expect(greta.locator('section.phase .card').filter({ hasText: title })).toContainText('Submitted');

    // Clara appoints Jana to the jury; Jana scores the entry (the version that counts).
    const jana = await newMember(browser, baseURL, 'Jana Jury');
    await clara.goto(call);
    const jury = clara.locator('section#jury');
    await jury.getByLabel('E-mail address of a member').fill(emailOf(jana));
    await jury.getByRole('button', { name: 'Appoint to the jury' }).click();
    await expect(clara.getByText('The member is on the jury now.')).toBeVisible();
    await expect(clara.locator('section#jury')).toContainText('Jana Jury');
    await expectAccessible(clara);
    await jana.goto('/me/notifications');
    await jana.getByRole('link', { name: /appointed you to a jury/ }).click();
    await expect(jana).toHaveURL(new RegExp(`${call.replace('/calls/', '/jury/')}$`));
    await jana.goto(call);
    await jana.getByRole('link', { name: 'Your jury queue for this call' }).click();
    await expect(jana.getByText('You have scored 0 of 1 entries.')).toBeVisible();
    await expectAccessible(jana);
    await jana.getByRole('link', { name: title }).click();
    await expect(jana.locator('.submission-text')).toContainText('Suchverkehr verstopft die Innenstadt.');
    await expect(jana.locator('.submission-text')).not.toContainText('Pendlerinnen');
    for (const [criterion, score] of [['Benefit for the common good', '5'], ['Innovation', '4'], ['Feasibility', '3'], ['Responsible use of AI and data', '4']]) {
      await jana.locator('fieldset.score').filter({ hasText: criterion }).getByLabel(score, { exact: true }).check();
    }
    await expectAccessible(jana);
    await jana.getByRole('button', { name: 'Save scores' }).click();
    await expect(jana.getByText('Your scores are saved.')).toBeVisible();
    await expect(jana.getByText('You have scored 1 of 1 entries.')).toBeVisible();

    // Clara ranks the entries and marks the winner; visitors see nothing of it yet.
    await clara.goto(`${call}/ranking`);
    const row = clara.locator('tbody tr').filter({ hasText: title });
    await expect(row).toContainText('4.00');
    await expect(clara.locator('svg.chart')).toBeVisible();
    await expectAccessible(clara);
    await row.getByRole('button', { name: 'Mark as winner' }).click();
    await expect(clara.locator('tbody tr').filter({ hasText: title })).toContainText('Winner');
    await visitor.goto(`${call}/results`);
    await expect(visitor.locator('main')).toContainText('Die Ergebnisse werden am');
    await expect(visitor.locator('main')).not.toContainText(title);

    // On the results date the winner is public.
    await moveClock(greta, 24 * 12 + 1);
    await visitor.goto(`${call}/results`);
    await expect(visitor.locator('.card').filter({ hasText: title })).toContainText('Gewinner');
    await expectAccessible(visitor);
    // The call's own page names the winners too.
    await visitor.goto(call);
    await expect(visitor.locator('section.phase h2')).toHaveText('Die Gewinner*innen');
    await expect(visitor.locator('section.phase')).toContainText(title);

    // The public showcase shows it awarded; its group reports progress on the idea's page.
    await visitor.goto('/showcase?stage=awarded');
    await expect(visitor.locator('.showcase-item').filter({ hasText: title })).toContainText('Ausgezeichnet / gefördert');
    await expectAccessible(visitor);
    await hugo.goto(idea);
    const progress = hugo.locator('section#progress');
    await progress.getByText('Post a progress update').click();
    await progress.getByLabel('What happened?').fill('Der Pilot mit 20 Sensoren läuft.');
    await progress.getByLabel('Link (optional)').fill('https://example.org/pilot');
    await progress.getByRole('button', { name: 'Post update' }).click();
    await expect(hugo.getByText('Your update is posted.')).toBeVisible();
    await expectAccessible(hugo);
    await visitor.goto(idea);
    await expect(visitor.locator('section#progress')).toContainText('Der Pilot mit 20 Sensoren läuft.');
    await expect(visitor.locator('section#progress')).toContainText('Ausgezeichnet / gefördert');

    // Another idea ends as a successful failure: its retrospective is public beside the successes.
    const ida = await newMember(browser, baseURL, 'Ida Scheitern');
    const failed = `Sensoren im Winter ${Date.now()}`;
    const failedIdea = await publishIdea(ida, failed);
    await ida.locator('section#progress').getByText('Where does the idea stand?').click();
    await ida.getByRole('link', { name: 'It ended: write a retrospective (a successful failure)' }).click();
    await expect(ida).toHaveURL(new RegExp(`${failedIdea}/retrospective$`));
    // Every answer is needed (the fields are required; the server refuses an empty one too).
    await ida.getByLabel('What we tried').fill('Sensoren an jedem Parkplatz.');
    await expectAccessible(ida);
    await ida.getByLabel('Why it did not work').fill('Die Sensoren froren im Winter ein.');
    await ida.getByLabel('What others can learn').fill('Hardware erst einen Winter lang testen.');
    await ida.getByRole('button', { name: 'Publish the retrospective' }).click();
    await expect(ida.getByText('The retrospective is published')).toBeVisible();
    await visitor.goto('/showcase');
    await expect(visitor.locator('.showcase-item').filter({ hasText: title })).toBeVisible();
    const lesson = visitor.locator('.showcase-item').filter({ hasText: failed });
    await expect(lesson).toContainText('Erfolgreich gescheitert');
    await expect(lesson).toContainText('Hardware erst einen Winter lang testen.');
    await visitor.getByLabel('Ausschreibung').selectOption({ label: callTitle });
    await visitor.getByRole('button', { name: 'Anzeigen' }).click();
    await expect(visitor.locator('.showcase-item').filter({ hasText: title })).toBeVisible();
    await expect(visitor.locator('.showcase-item').filter({ hasText: failed })).toHaveCount(0);
    await expect(visitor.locator('script')).toHaveCount(0);
    await expectAccessible(visitor);
  } finally {
    await moveClock(greta, 0);
  }
});
