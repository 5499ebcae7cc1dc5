import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMrkdwn, slackMarkupToText } from '../../src/adapters/slack/markup.js';

test('mentions become readable names', () => {
  assert.equal(slackMarkupToText('hi <@U123|ann> and <@U999>'), 'hi @ann and @U999');
  assert.equal(slackMarkupToText('see <#C1|general> or <#C2>'), 'see #general or #C2');
  assert.equal(slackMarkupToText('<!here> <!channel> <!subteam^S1|@ops>'), '@here @channel @ops');
  assert.equal(slackMarkupToText('<!date^1392734382^{date}|Feb 18, 2014>'), 'Feb 18, 2014');
});

test('mailto and links keep the address the reader saw', () => {
  assert.equal(slackMarkupToText('mail <mailto:a@b.com|a@b.com>'), 'mail a@b.com');
  assert.equal(slackMarkupToText('<https://example.com|example.com>'), 'example.com');
  assert.equal(slackMarkupToText('<https://example.com/x>'), 'https://example.com/x');
  // A differing label must not hide the URL: URLs can carry credentials.
  assert.equal(
    slackMarkupToText('<https://u:pw@db.internal/?token=abc|the db>'),
    'the db (https://u:pw@db.internal/?token=abc)',
  );
});

test('entities are decoded exactly once', () => {
  assert.equal(slackMarkupToText('a &amp; b &lt;c&gt;'), 'a & b <c>');
  assert.equal(slackMarkupToText('literal &amp;lt;'), 'literal &lt;');
});

test('code fences and inline code are unwrapped without gluing words', () => {
  assert.equal(slackMarkupToText('key:`AKIAIOSFODNN7EXAMPLE`'), 'key: AKIAIOSFODNN7EXAMPLE ');
  assert.equal(slackMarkupToText('```password=hunter2```'), '\npassword=hunter2\n');
});

test('escapeMrkdwn neutralises injected markup', () => {
  assert.equal(escapeMrkdwn('<!channel> & <@U1>'), '&lt;!channel&gt; &amp; &lt;@U1&gt;');
});
