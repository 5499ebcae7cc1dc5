// Random values in the real formats of each provider (never real credentials). Each generator
// returns a marked snippet: the sensitive part wrapped by `mark`, plus any key name around it.
import { mark } from './mark.js';
import {
  ALNUM, ALNUM_LOWER, ALNUM_UPPER, ALPHA_LOWER, ALPHA_UPPER, BASE64, DIGITS, HEX, URLSAFE,
  type Rng,
} from './rng.js';

type Gen = (r: Rng) => string;
const s = (rule: string, value: string): string => mark('secret', rule, value);
const uuid = (r: Rng): string => `${r.str(HEX, 8)}-${r.str(HEX, 4)}-4${r.str(HEX, 3)}-a${r.str(HEX, 3)}-${r.str(HEX, 12)}`;
const b64 = (r: Rng, n: number): string => r.str(BASE64, n);

/** rule id -> generator of a marked snippet. */
export const SECRET_FORMATS: Record<string, Gen> = {
  'aws-access-key-id': (r) => s('aws-access-key-id', r.pick(['AKIA', 'ASIA']) + r.str('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)),
  'aws-secret-access-key': (r) =>
    r.pick(['aws_secret_access_key = ', 'AWS_SECRET_ACCESS_KEY=', '"SecretAccessKey": "', 'aws secret key: ']) +
    s('aws-secret-access-key', b64(r, 40)),
  'aws-bedrock-api-key': (r) => s('aws-bedrock-api-key', 'ABSK' + b64(r, 130)),
  'gcp-api-key': (r) => s('gcp-api-key', 'AIza' + r.str(URLSAFE, 35)),
  'gcp-service-account-key': (r) => `"type": "service_account", "private_key_id": "${s('gcp-service-account-key', r.str(HEX, 40))}"`,
  'google-oauth-client-secret': (r) => s('google-oauth-client-secret', 'GOCSPX-' + r.str(URLSAFE, 28)),
  'google-oauth-refresh-token': (r) => s('google-oauth-refresh-token', '1//0' + r.str(URLSAFE, 2) + r.str(URLSAFE, 96)),
  'aws-session-token': (r) => 'AWS_SESSION_TOKEN=' + s('aws-session-token', 'FwoGZXIvYXdzE' + b64(r, 240)),
  'google-oauth-access-token': (r) => s('google-oauth-access-token', 'ya29.a0' + r.str(URLSAFE, 150)),
  'azure-storage-account-key': (r) =>
    `DefaultEndpointsProtocol=https;AccountName=${r.str(ALPHA_LOWER, 10)};AccountKey=${s('azure-storage-account-key', b64(r, 86) + '==')};EndpointSuffix=core.windows.net`,
  'azure-sas-token': (r) =>
    `https://${r.str(ALPHA_LOWER, 9)}.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2026-12-31T18:00:00Z&sig=${s('azure-sas-token', r.str(ALNUM, 40) + '%2B' + r.str(ALNUM, 3) + '%3D')}`,
  'azure-ad-client-secret': (r) => s('azure-ad-client-secret', r.str(ALNUM, 3) + r.str(DIGITS, 1) + 'Q~' + r.str(ALNUM + '_~.-', 34)),
  'azure-devops-pat': (r) => r.pick(['AZURE_DEVOPS_PAT=', 'azure devops PAT for the release mirror: ']) + s('azure-devops-pat', r.str('abcdefghijklmnopqrstuvwxyz234567', 52)),
  'alibaba-access-key-id': (r) => s('alibaba-access-key-id', 'LTAI' + r.str(ALNUM, 20)),
  'digitalocean-token': (r) => s('digitalocean-token', r.pick(['dop', 'doo', 'dor']) + '_v1_' + r.str(HEX, 64)),
  'heroku-api-key': (r) => s('heroku-api-key', 'HRKU-AA' + r.str(URLSAFE, 58)),
  'cloudflare-api-token': (r) => r.pick(['CLOUDFLARE_API_TOKEN=', 'cloudflare api token (zone:edit on the marketing site): ']) + s('cloudflare-api-token', r.str(URLSAFE, 40)),
  'cloudflare-origin-ca-key': (r) => s('cloudflare-origin-ca-key', 'v1.0-' + r.str(HEX, 24) + '-' + r.str(HEX, 146)),
  'terraform-cloud-token': (r) => s('terraform-cloud-token', r.str(ALNUM, 14) + '.atlasv1.' + r.str(URLSAFE, 67)),
  'vault-token': (r) => s('vault-token', 'hvs.' + r.str(URLSAFE, 95)),
  'doppler-token': (r) => s('doppler-token', 'dp.pt.' + r.str(ALNUM, 43)),
  'pulumi-access-token': (r) => s('pulumi-access-token', 'pul-' + r.str(HEX, 40)),
  'flyio-token': (r) => s('flyio-token', 'fo1_' + r.str(URLSAFE, 43)),
  'databricks-token': (r) => s('databricks-token', 'dapi' + r.str(HEX, 32)),
  'firebase-cloud-messaging-server-key': (r) => s('firebase-cloud-messaging-server-key', 'AAAA' + r.str(URLSAFE, 7) + ':APA91b' + r.str(URLSAFE, 134)),
  'algolia-admin-api-key': (r) =>
    r.pick(['ALGOLIA_ADMIN_API_KEY=', 'algolia admin key (not the search-only one): ']) + s('algolia-admin-api-key', r.str(HEX, 32)),
  'generic-live-mode-key': (r) => s('generic-live-mode-key', r.pick(['lk_live_', 'skey_live_', 'ak_live_', 'prv_live_']) + r.str(ALNUM, r.int(28, 44))),
  'age-secret-key': (r) => s('age-secret-key', 'AGE-SECRET-KEY-1' + r.str('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)),
  'onepassword-secret-key': (r) =>
    s('onepassword-secret-key', `A3-${r.str(ALNUM_UPPER, 6)}-${r.str(ALNUM_UPPER, 11)}-${r.str(ALNUM_UPPER, 5)}-${r.str(ALNUM_UPPER, 5)}-${r.str(ALNUM_UPPER, 5)}`),
  'planetscale-token': (r) => s('planetscale-token', r.pick(['pscale_pw_', 'pscale_tkn_']) + r.str(URLSAFE, 43)),
  'supabase-token': (r) => s('supabase-token', 'sbp_' + r.str(HEX, 40)),
  'new-relic-key': (r) => s('new-relic-key', r.pick(['NRAK-', 'NRII-']) + r.str(ALNUM_UPPER, 27)),
  'github-pat': (r) => s('github-pat', 'ghp_' + r.str(ALNUM, 36)),
  'github-oauth-token': (r) => s('github-oauth-token', 'gho_' + r.str(ALNUM, 36)),
  'github-app-token': (r) => s('github-app-token', r.pick(['ghu_', 'ghs_']) + r.str(ALNUM, 36)),
  'github-refresh-token': (r) => s('github-refresh-token', 'ghr_' + r.str(ALNUM, 36)),
  'github-fine-grained-pat': (r) => s('github-fine-grained-pat', 'github_pat_' + r.str(ALNUM, 22) + '_' + r.str(ALNUM, 59)),
  'gitlab-pat': (r) => s('gitlab-pat', 'glpat-' + r.str(URLSAFE, 20)),
  'gitlab-pipeline-trigger-token': (r) => s('gitlab-pipeline-trigger-token', 'glptt-' + r.str(HEX, 40)),
  'gitlab-runner-token': (r) => s('gitlab-runner-token', r.pick(['glrt-', 'GR1348941']) + r.str(URLSAFE, 20)),
  'gitlab-deploy-token': (r) => s('gitlab-deploy-token', 'gldt-' + r.str(URLSAFE, 20)),
  'bitbucket-app-password': (r) => s('bitbucket-app-password', 'ATBB' + r.str(ALNUM, 32)),
  'atlassian-api-token': (r) => s('atlassian-api-token', 'ATATT3' + r.str(URLSAFE, 186)),
  'npm-token': (r) => s('npm-token', 'npm_' + r.str(ALNUM, 36)),
  'pypi-token': (r) => s('pypi-token', 'pypi-AgEIcHlwaS5vcmc' + r.str(URLSAFE, 70)),
  'rubygems-token': (r) => s('rubygems-token', 'rubygems_' + r.str(HEX, 48)),
  'nuget-api-key': (r) => s('nuget-api-key', 'oy2' + r.str(ALNUM_LOWER, 43)),
  'docker-hub-pat': (r) => s('docker-hub-pat', 'dckr_pat_' + r.str(URLSAFE, 27)),
  'artifactory-api-key': (r) => s('artifactory-api-key', 'AKCp' + r.str(ALNUM, 69)),
  'clojars-token': (r) => s('clojars-token', 'CLOJARS_' + r.str(ALNUM_LOWER, 60)),
  'sonarqube-token': (r) => s('sonarqube-token', r.pick(['squ_', 'sqp_', 'sqa_']) + r.str(HEX, 40)),
  'snyk-token': (r) => 'SNYK_TOKEN=' + s('snyk-token', uuid(r)),
  'postman-api-key': (r) => s('postman-api-key', 'PMAK-' + r.str(HEX, 24) + '-' + r.str(HEX, 34)),
  'buildkite-token': (r) => s('buildkite-token', 'bkua_' + r.str(HEX, 40)),
  'circleci-token': (r) => s('circleci-token', 'CCIPAT_' + r.str(ALNUM, 22) + '_' + r.str(HEX, 40)),
  'slack-bot-token': (r) => s('slack-bot-token', `xoxb-${r.digits(12)}-${r.digits(13)}-${r.str(ALNUM, 24)}`),
  'slack-user-token': (r) => s('slack-user-token', `xoxp-${r.digits(12)}-${r.digits(12)}-${r.digits(13)}-${r.str(HEX, 32)}`),
  'slack-app-token': (r) => s('slack-app-token', `xapp-1-A${r.str(ALNUM_UPPER, 10)}-${r.digits(13)}-${r.str(HEX, 64)}`),
  'slack-config-token': (r) => s('slack-config-token', `xoxe.xoxp-1-${r.str(ALNUM, 164)}`),
  'slack-session-token': (r) => s('slack-session-token', `xoxc-${r.digits(12)}-${r.digits(13)}-${r.digits(13)}-${r.str(HEX, 64)}`),
  'slack-legacy-token': (r) => s('slack-legacy-token', `xoxa-2-${r.digits(12)}-${r.str(ALNUM, 32)}`),
  'slack-webhook-url': (r) =>
    s('slack-webhook-url', `https://hooks.slack.com/services/T${r.str(ALNUM_UPPER, 8)}/B${r.str(ALNUM_UPPER, 10)}/${r.str(ALNUM, 24)}`),
  'teams-webhook-url': (r) =>
    s('teams-webhook-url', `https://contoso.webhook.office.com/webhookb2/${uuid(r)}@${uuid(r)}/IncomingWebhook/${r.str(HEX, 32)}/${uuid(r)}`),
  'teams-workflow-url': (r) =>
    `https://prod-${r.int(10, 99)}.uksouth.logic.azure.com:443/workflows/${r.str(HEX, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${s('teams-workflow-url', r.str(URLSAFE, 43))}`,
  'discord-webhook-url': (r) => s('discord-webhook-url', `https://discord.com/api/webhooks/${r.digits(18)}/${r.str(URLSAFE, 68)}`),
  'discord-bot-token': (r) => r.pick(['DISCORD_BOT_TOKEN=', 'discord bot token: ', 'bot token for the discord server ']) + s('discord-bot-token', `${r.pick(['M', 'N'])}${r.str(ALNUM, 23)}.${r.str(URLSAFE, 6)}.${r.str(URLSAFE, 27)}`),
  'discord-client-secret': (r) => 'DISCORD_CLIENT_SECRET=' + s('discord-client-secret', r.str(URLSAFE, 32)),
  'telegram-bot-token': (r) => s('telegram-bot-token', `${r.int(1, 9)}${r.digits(9)}:AA${r.str(URLSAFE, 33)}`),
  'linear-api-key': (r) => s('linear-api-key', 'lin_api_' + r.str(ALNUM, 40)),
  'notion-token': (r) => s('notion-token', 'ntn_' + r.digits(11) + r.str(ALNUM, 35)),
  'figma-token': (r) => s('figma-token', 'figd_' + r.str(URLSAFE, 40)),
  'airtable-pat': (r) => s('airtable-pat', 'pat' + r.str(ALNUM, 14) + '.' + r.str(HEX, 64)),
  'hubspot-token': (r) => s('hubspot-token', 'pat-' + r.pick(['na1', 'eu1']) + '-' + uuid(r)),
  'dropbox-token': (r) => s('dropbox-token', 'sl.B' + r.str(URLSAFE, 136)),
  'stripe-secret-key': (r) => s('stripe-secret-key', r.pick(['sk_live_', 'rk_live_']) + r.str(ALNUM, r.pick([24, 99]))),
  'stripe-test-key': (r) => s('stripe-test-key', 'sk_test_' + r.str(ALNUM, r.pick([24, 99]))),
  'stripe-webhook-secret': (r) => s('stripe-webhook-secret', 'whsec_' + r.str(ALNUM, 32)),
  'square-token': (r) => s('square-token', r.pick(['EAAA', 'sq0atp-', 'sq0csp-']) + r.str(URLSAFE, 43)),
  'braintree-access-token': (r) => s('braintree-access-token', `access_token$production$${r.str(ALNUM_LOWER, 16)}$${r.str(HEX, 32)}`),
  'razorpay-key': (r) => 'razorpay key_secret ' + s('razorpay-key', 'rzp_live_' + r.str(ALNUM, 14)),
  'flutterwave-secret-key': (r) => s('flutterwave-secret-key', 'FLWSECK-' + r.str(HEX, 32) + '-X'),
  'plaid-access-token': (r) => s('plaid-access-token', 'access-production-' + uuid(r)),
  'shopify-token': (r) => s('shopify-token', r.pick(['shpat_', 'shpss_', 'shpca_', 'shppa_']) + r.str('0123456789abcdef', 32)),
  'openai-api-key': (r) =>
    s('openai-api-key', 'sk-proj-' + r.str(URLSAFE, 74) + 'T3BlbkFJ' + r.str(URLSAFE, 74)),
  'anthropic-api-key': (r) => s('anthropic-api-key', 'sk-ant-' + r.pick(['api03', 'admin01']) + '-' + r.str(URLSAFE, 93) + 'AA'),
  'huggingface-token': (r) => s('huggingface-token', r.pick(['hf_', 'api_org_']) + r.str(ALPHA_LOWER + ALPHA_UPPER, 34)),
  'perplexity-api-key': (r) => s('perplexity-api-key', 'pplx-' + r.str(ALNUM, 48)),
  'groq-api-key': (r) => s('groq-api-key', 'gsk_' + r.str(ALNUM, 52)),
  'replicate-token': (r) => s('replicate-token', 'r8_' + r.str(ALNUM, 37)),
  'xai-api-key': (r) => s('xai-api-key', 'xai-' + r.str(ALNUM, 80)),
  'twilio-auth-token': (r) => r.pick(['TWILIO_AUTH_TOKEN=', 'twilio auth token: ', 'twilio auth token for the SMS fallback: ']) + s('twilio-auth-token', r.str(HEX, 32)),
  'cohere-api-key': (r) => 'COHERE_API_KEY=' + s('cohere-api-key', r.str(ALNUM, 40)),
  'octopus-deploy-api-key': (r) => s('octopus-deploy-api-key', 'API-' + r.str(ALNUM_UPPER, 26)),
  'heroku-api-key-legacy': (r) => 'HEROKU_API_KEY=' + s('heroku-api-key-legacy', uuid(r)),
  'twilio-api-key': (r) => s('twilio-api-key', 'SK' + r.str(HEX, 32)),
  'twilio-account-sid': (r) => r.pick(['TWILIO_ACCOUNT_SID=', 'twilio account sid: ']) + s('twilio-account-sid', 'AC' + r.str(HEX, 32)),
  'key-id-and-secret': (r) =>
    `${r.pick(['alibaba access key', 'aliyun key for the CN mirror'])}: id ${s('alibaba-access-key-id', 'LTAI' + r.str(ALNUM, 20))} secret ${s('key-id-and-secret', r.str(ALNUM, 30))}`,
  'bitlocker-recovery-key': (r) =>
    `bitlocker recovery key for ${r.pick(['LT', 'DS', 'FIN'])}-${r.int(1000, 9999)}: ` +
    s('bitlocker-recovery-key', Array.from({ length: 8 }, () => String(r.int(0, 65535) * 11).padStart(6, '0')).join('-')),
  'sendgrid-api-key': (r) => s('sendgrid-api-key', 'SG.' + r.str(URLSAFE, 22) + '.' + r.str(URLSAFE, 43)),
  'brevo-api-key': (r) => s('brevo-api-key', 'xkeysib-' + r.str(HEX, 64) + '-' + r.str(ALNUM, 16)),
  'mailgun-api-key': (r) => s('mailgun-api-key', 'key-' + r.str(HEX, 32)),
  'mailchimp-api-key': (r) => s('mailchimp-api-key', r.str(HEX, 32) + '-us' + r.int(10, 21)),
  'datadog-api-key': (r) => r.pick(['DD_API_KEY=', 'datadog api key: ', 'DD_APP_KEY=']) + s('datadog-api-key', r.str(HEX, 32)),
  'grafana-token': (r) => s('grafana-token', r.pick(['glsa_' + r.str(ALNUM, 32) + '_' + r.str(HEX, 8), 'glc_' + b64(r, 60)])),
  'sentry-token': (r) => s('sentry-token', 'sntryu_' + r.str(HEX, 64)),
  'dynatrace-token': (r) => s('dynatrace-token', 'dt0c01.' + r.str(ALNUM_UPPER, 24) + '.' + r.str(ALNUM_UPPER, 64)),
  'okta-api-token': (r) => 'OKTA_API_TOKEN=' + s('okta-api-token', '00' + r.str(URLSAFE, 40)),
  'facebook-access-token': (r) => s('facebook-access-token', 'EAAG' + r.str(ALNUM, 150)),
  'twitter-bearer-token': (r) => s('twitter-bearer-token', 'AAAAAAAAAAAAAAAAAAAAA' + r.str(ALNUM, 3) + '%2F' + r.str(ALNUM, 80)),
  'mapbox-secret-token': (r) => s('mapbox-secret-token', 'sk.eyJ1Ijoi' + r.str(URLSAFE, 40) + '.' + r.str(URLSAFE, 22)),
  'contentful-token': (r) => s('contentful-token', 'CFPAT-' + r.str(URLSAFE, 43)),
  'easypost-api-key': (r) => s('easypost-api-key', 'EZAK' + r.str(ALNUM_LOWER, 54)),
  'shippo-token': (r) => s('shippo-token', 'shippo_live_' + r.str(HEX, 40)),
  'duffel-token': (r) => s('duffel-token', 'duffel_live_' + r.str(URLSAFE, 43)),
  'prefect-api-key': (r) => s('prefect-api-key', 'pnu_' + r.str(ALNUM, 36)),
  'readme-api-key': (r) => s('readme-api-key', 'rdme_' + r.str(ALNUM_LOWER, 70)),
  'segment-token': (r) => s('segment-token', 'sgp_' + r.str(ALNUM, 64)),
  'netlify-token': (r) => s('netlify-token', 'nfp_' + r.str(ALNUM, 36)),
  'render-api-key': (r) => s('render-api-key', 'rnd_' + r.str(ALNUM, 32)),
  'infracost-token': (r) => s('infracost-token', 'ico-' + r.str(ALNUM, 32)),
  'adobe-client-secret': (r) => s('adobe-client-secret', 'p8e-' + r.str(ALNUM, 32)),
  'private-key': (r) => {
    const kind = r.pick(['RSA ', 'EC ', '', 'ENCRYPTED ']);
    const body = Array.from({ length: 4 }, () => b64(r, 64)).join('\n');
    return s('private-key', `-----BEGIN ${kind}PRIVATE KEY-----\nMII${body}\n-----END ${kind}PRIVATE KEY-----`);
  },
  'openssh-private-key': (r) =>
    s('openssh-private-key', `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA${b64(r, 40)}\n${b64(r, 70)}\n${b64(r, 70)}\n-----END OPENSSH PRIVATE KEY-----`),
  'pgp-private-key': (r) =>
    s('pgp-private-key', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF${b64(r, 58)}\n${b64(r, 64)}\n=${b64(r, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`),
  'putty-private-key': (r) => `PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: rsa-key\nPublic-Lines: 2\n${b64(r, 64)}\nPrivate-Lines: 1\n${s('putty-private-key', b64(r, 64))}`,
  'jwt': (r) => {
    const header = r.pick(['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ', 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9']);
    return s('jwt', `${header}.eyJ${r.str(URLSAFE, r.int(40, 120))}.${r.str(URLSAFE, 43)}`);
  },
  'database-url-credentials': (r) => {
    const scheme = r.pick(['postgres', 'postgresql', 'mysql', 'mongodb+srv', 'mongodb', 'redis', 'amqps', 'mssql']);
    const user = r.pick(['app', 'admin', 'svc_reports', 'etl', 'root', 'deploy']);
    const pw = r.str(ALNUM, r.int(10, 24)) + r.pick(['', '!', '#', '_9']);
    const host = r.pick(['db-prod-1.internal', 'cluster0.ab1cd.mongodb.net', '10.20.3.14:5432', 'orders.cache.amazonaws.com:6379', 'rabbit.prod.local']);
    return `${scheme}://${user}:${s('database-url-credentials', pw)}@${host}/${r.pick(['orders', 'app', 'reporting', '0', 'vhost'])}`;
  },
  'url-basic-auth': (r) => `https://${r.pick(['deploy', 'ci', 'jenkins', 'admin'])}:${s('url-basic-auth', r.str(ALNUM, r.int(10, 20)))}@${r.pick(['nexus.corp.example.net', 'artifacts.acme.io', 'git.internal.acme.co.uk'])}/repository/`,
  'http-authorization-header': (r) =>
    r.pick([
      `-H "Authorization: Bearer ${s('http-authorization-header', r.str(URLSAFE, 40))}"`,
      `Authorization: Basic ${s('http-authorization-header', b64(r, 28) + '==')}`,
      `-H 'Authorization: Token ${s('http-authorization-header', r.str(HEX, 40))}'`,
    ]),
  'generic-secret-assignment': (r) =>
    `${r.pick(['api_key', 'API_KEY', 'client_secret', 'SECRET_KEY', 'auth_token', 'apiKey', 'x-api-key', 'webhook_secret', 'ACCESS_TOKEN'])}${r.pick(['=', ': ', ' = ', '="'])}${s('generic-secret-assignment', r.str(ALNUM, r.int(24, 48)))}`,
};

/** Plausible passwords people really type (generated, not a leaked list). */
/** A password with at least upper case, digit and symbol (for rules that need three classes). */
export function strongPassword(r: Rng): string {
  return r.str(ALPHA_UPPER, 1) + r.str(ALPHA_LOWER, 2) + r.str(ALNUM, r.int(5, 10)) + r.pick(['!', '#', '@', '%', '^']) + r.int(0, 9);
}

export function password(r: Rng): string {
  const words = ['Summer', 'Winter', 'Spring', 'Autumn', 'Dragon', 'Monkey', 'Sunshine', 'Liverpool', 'Chelsea', 'Welcome', 'Purple', 'Tiger', 'Rocket', 'Coffee', 'Banana', 'Falcon'];
  switch (r.int(0, 3)) {
    case 0:
      return r.pick(words) + r.int(1990, 2026) + r.pick(['!', '#', '', '?', '$']);
    case 1:
      return r.str(ALNUM, r.int(10, 16)) + r.pick(['!', '@', '%', '&', '']);
    case 2:
      return r.pick(words).toLowerCase() + r.pick(['_', '-', '.']) + r.pick(words) + r.int(1, 99);
    default:
      return r.pick(['Tr0ub4dor&3', 'P@ssw0rd!', 'Qwerty123!', 'L3tMe1n!', 'Adm1n!2024']).replace(/\d/g, () => String(r.int(0, 9)));
  }
}
export { ALPHA_UPPER };
