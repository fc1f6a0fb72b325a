// A certified OpenID provider (panva's oidc-provider) on a loopback port, for the Python suite.
//
//   node provider.mjs PORT REDIRECT_URI... [--claims-in-id-token]
//
// One confidential client (client_secret_post, PKCE required) whose redirect URIs are the given
// callbacks. Login and consent need no pages: the interaction step signs in the account that the
// test chose last (POST /_test/account with its claims as JSON) and grants what was asked. By
// default the ID token carries only `sub` and profile claims come from UserInfo, as OIDC Core
// §5.4 describes; --claims-in-id-token puts them in the ID token too. Prints "ready" when serving.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const CLIENT_ID = 'mygemini-node-client';
const CLIENT_SECRET = 'node-client-secret-for-tests';

const args = process.argv.slice(2);
const claimsInIdToken = args.includes('--claims-in-id-token');
const [port, ...redirectUris] = args.filter((a) => !a.startsWith('--'));
const issuer = `http://127.0.0.1:${port}`;

let account = { sub: 'node-user-1', email: 'node@example.com', email_verified: true };

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  format: 'jwk',
});

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  pkce: { required: () => true },
  conformIdTokenClaims: !claimsInIdToken,
  // Google's scopes and Kakao's (profile_nickname, account_email) both map to standard claims.
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'nickname', 'picture'],
    account_email: ['email', 'email_verified'],
    profile_nickname: ['nickname'],
  },
  scopes: ['openid', 'email', 'profile', 'account_email', 'profile_nickname'],
  async findAccount(_ctx, sub) {
    if (sub !== account.sub) return undefined;
    const claims = { ...account };
    return { accountId: sub, claims: async () => claims };
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: { devInteractions: { enabled: false } },
  // A fresh kid per run: our key cache must never confuse two runs that got the same port.
  jwks: { keys: [{ ...signingKey, kid: randomUUID(), use: 'sig', alg: 'RS256' }] },
  cookies: { keys: ['node-provider-cookie-key-for-tests'] },
});

// Signs in the chosen account, then grants every scope and claim the request asked for.
async function interact(req, res) {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: account.sub } });
    return;
  }
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const { missingOIDCScope, missingOIDCClaims } = prompt.details;
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  const saved = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId: saved } },
    { mergeWithLastSubmission: true },
  );
}

async function chooseAccount(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  account = JSON.parse(body);
  res.writeHead(204).end();
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  let handled;
  if (req.method === 'POST' && path === '/_test/account') handled = chooseAccount(req, res);
  else if (path.startsWith('/interaction/')) handled = interact(req, res);
  else return callback(req, res);
  handled.catch((err) => {
    console.error(err);
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
  });
});

server.listen(Number(port), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
