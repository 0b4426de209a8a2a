// Drives the fake HubSpot and Salesforce APIs with the official clients (@hubspot/api-client, jsforce),
// then the bot itself end to end: a HubSpot event signed with HubSpot's own Signature helper and a
// Salesforce Outbound Message, each read back from the fakes into a handoff. One PASS/FAIL line per check.
const path = require('path');
const hubspot = require(path.resolve('.ci/node_modules/@hubspot/api-client'));
const jsforce = require(path.resolve('.ci/node_modules/jsforce'));

const [hsBase, sfBase, botBase, token, secret, adminKey] = process.argv.slice(2);
const client = (retries = 0, t = token) => new hubspot.Client({ accessToken: t, basePath: hsBase, numberOfApiCallRetries: retries });
const fail = (base, route, status, code) => fetch(base + '/_fake/fail', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ route, status, code }) });
const sf = () => new jsforce.Connection({ oauth2: { loginUrl: sfBase, clientId: 'fake-consumer-key', clientSecret: 'fake-consumer-secret' }, version: '62.0' });
const opp = '0061N00000WD1shQAD';

const checks = [
  ['hubspot-deal-with-associations', async () => {
    const d = await client().crm.deals.basicApi.getById('697680835', ['dealname', 'amount', 'closedate', 'hubspot_owner_id', 'nonexistent_prop'], undefined, ['companies', 'contacts', 'line_items']);
    return d.id === '697680835' && d.properties.amount === '120000' && !('nonexistent_prop' in d.properties) && d.createdAt instanceof Date
      && d.associations.companies.results[0].id === '5001' && d.associations.contacts.results.length === 3 && d.associations['line items'].results.length === 2;
  }],
  ['hubspot-unknown-deal-is-404', async () => {
    try { await client().crm.deals.basicApi.getById('1'); return false; } catch (e) { return e.code === 404 && e.body.category === 'OBJECT_NOT_FOUND'; }
  }],
  ['hubspot-batch-read-companies-contacts-line-items', async () => {
    const c = await client().crm.companies.batchApi.read({ inputs: [{ id: '5001' }], properties: ['name', 'domain'], propertiesWithHistory: [] });
    const p = await client().crm.contacts.batchApi.read({ inputs: [{ id: '701' }, { id: '702' }], properties: ['email', 'firstname', 'hs_buying_role'], propertiesWithHistory: [] });
    const l = await client().crm.lineItems.batchApi.read({ inputs: [{ id: '9001' }], properties: ['name', 'quantity'], propertiesWithHistory: [] });
    return c.status === 'COMPLETE' && c.results[0].properties.name === 'Acme Logistics' && p.results.length === 2
      && p.results.find(r => r.id === '701').properties.hs_buying_role === 'CHAMPION;INFLUENCER' && l.results[0].properties.quantity === '250';
  }],
  ['hubspot-owner-and-archived-owner', async () => {
    const o = await client().crm.owners.ownersApi.getById(111, 'id', false);
    let hidden = false;
    try { await client().crm.owners.ownersApi.getById(333, 'id', false); } catch (e) { hidden = e.code === 404; }
    const a = await client().crm.owners.ownersApi.getById(333, 'id', true);
    return o.email === 'avery.ae@example.com' && hidden && a.archived === true && a.email === 'avery.ae@example.com';
  }],
  ['hubspot-pipelines-stage-metadata', async () => {
    const r = await client().crm.pipelines.pipelinesApi.getAll('deals');
    const custom = r.results.find(p => p.id === '12345678');
    const won = custom.stages.find(s => s.id === '1f4f1ec1-8174-49f3-a112-4eaa4748e38e');
    return won.metadata.isClosed === 'true' && won.metadata.probability === '1.0' && won.createdAt instanceof Date;
  }],
  ['hubspot-association-labels-v4', async () => {
    const r = await client().crm.associations.v4.basicApi.getPage('deals', '697680835', 'contacts', undefined, 500);
    const sam = r.results.find(a => String(a.toObjectId) === '703');
    return r.results.length === 3 && sam.associationTypes.some(t => t.label === 'Technical evaluator' && t.category === 'USER_DEFINED');
  }],
  ['hubspot-wrong-token-is-401', async () => {
    try { await client(0, 'pat-wrong').crm.deals.basicApi.getById('697680835'); return false; } catch (e) { return e.code === 401 && e.body.category === 'INVALID_AUTHENTICATION'; }
  }],
  ['hubspot-429-carries-the-policy', async () => {
    await fail(hsBase, 'deals', 429, 'DAILY');
    try { await client().crm.deals.basicApi.getById('697680835'); return false; } catch (e) { return e.code === 429 && e.body.policyName === 'DAILY' && e.body.errorType === 'RATE_LIMIT'; }
  }],
  ['hubspot-429-ten-secondly-retried-by-the-client', async () => {
    await fail(hsBase, 'deals', 429, 'TEN_SECONDLY_ROLLING');
    // numberOfApiCallRetries counts attempts: 2 = one retry, after HubSpot's 10 s for this policy.
    const d = await client(2).crm.deals.basicApi.getById('697680835');
    return d.id === '697680835';
  }],
  ['hubspot-500-retried-by-the-client', async () => {
    await fail(hsBase, 'deals', 500);
    return (await client(2).crm.deals.basicApi.getById('697680835')).id === '697680835';
  }],
  ['salesforce-client-credentials', async () => {
    const conn = sf();
    const user = await conn.authorize({ grant_type: 'client_credentials' });
    return user.organizationId === '00DD0000000muCUMAY' && conn.instanceUrl === sfBase && typeof conn.accessToken === 'string';
  }],
  ['salesforce-bad-client-secret', async () => {
    const conn = new jsforce.Connection({ oauth2: { loginUrl: sfBase, clientId: 'fake-consumer-key', clientSecret: 'nope' } });
    try { await conn.authorize({ grant_type: 'client_credentials' }); return false; } catch (e) { return /invalid_client/.test(e.name + e.message); }
  }],
  ['salesforce-soql-graph', async () => {
    const conn = sf(); await conn.authorize({ grant_type: 'client_credentials' });
    const r = await conn.query(`SELECT Id, Name, IsWon, Amount, CloseDate, Account.Name, Owner.Email, CSM__r.Email, (SELECT Role, Contact.Email FROM OpportunityContactRoles), (SELECT Quantity, Product2.Name FROM OpportunityLineItems) FROM Opportunity WHERE Id = '${opp}'`);
    const o = r.records[0];
    return r.totalSize === 1 && r.done && o.attributes.type === 'Opportunity' && o.IsWon === true && o.Amount === 120000 && o.Account.Name === 'Acme Logistics'
      && o.Owner.Email === 'avery.ae@example.com' && o.CSM__r.Email === 'casey.csm@example.com'
      && o.OpportunityContactRoles.records.length === 3 && o.OpportunityContactRoles.records[1].Role === 'Economic Buyer'
      && o.OpportunityLineItems.records[0].Product2.Name === 'Route Planner' && o.OpportunityLineItems.records[0].Quantity === 250;
  }],
  ['salesforce-15-character-id', async () => {
    const conn = sf(); await conn.authorize({ grant_type: 'client_credentials' });
    const r = await conn.query(`SELECT Id FROM Opportunity WHERE Id = '${opp.slice(0, 15)}'`);
    const wrongCase = await conn.query(`SELECT Id FROM Opportunity WHERE Id = '${opp.slice(0, 15).toUpperCase()}'`);
    return r.records[0].Id === opp && wrongCase.totalSize === 0;
  }],
  ['salesforce-invalid-field', async () => {
    const conn = sf(); await conn.authorize({ grant_type: 'client_credentials' });
    try { await conn.query(`SELECT Id, CurrencyIsoCode FROM Opportunity WHERE Id = '${opp}'`); return false; } catch (e) { return e.errorCode === 'INVALID_FIELD' && /CurrencyIsoCode/.test(e.message); }
  }],
  ['salesforce-retrieve', async () => {
    const conn = sf(); await conn.authorize({ grant_type: 'client_credentials' });
    const o = await conn.sobject('Opportunity').retrieve(opp);
    return o.Id === opp && o.StageName === 'Closed Won' && o.Account === undefined;
  }],
  ['salesforce-expired-session-refreshed-by-the-client', async () => {
    // The client-credentials flow has no refresh token: jsforce's refresh hook asks for a new token on the 401.
    let refreshed = 0;
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: sfBase, clientId: 'fake-consumer-key', clientSecret: 'fake-consumer-secret' }, version: '62.0',
      refreshFn: async (c, callback) => { try { refreshed++; const res = await c.oauth2.requestToken({ grant_type: 'client_credentials' }); callback(null, res.access_token, res); } catch (e) { callback(e); } },
    });
    await conn.authorize({ grant_type: 'client_credentials' });
    await fetch(sfBase + '/_fake/expire', { method: 'POST' });
    const r = await conn.query(`SELECT Id FROM Opportunity WHERE Id = '${opp}'`);
    return refreshed === 1 && r.totalSize === 1;
  }],
  ['salesforce-request-limit', async () => {
    const conn = sf(); await conn.authorize({ grant_type: 'client_credentials' });
    await fail(sfBase, 'query', 403, 'REQUEST_LIMIT_EXCEEDED');
    try { await conn.query(`SELECT Id FROM Opportunity WHERE Id = '${opp}'`); return false; } catch (e) { return e.errorCode === 'REQUEST_LIMIT_EXCEEDED'; }
  }],
  ['bot-hubspot-event-signed-by-the-official-helper-becomes-a-handoff', async () => {
    const body = JSON.stringify([{ objectId: 741141656, propertyName: 'dealstage', propertyValue: '1f4f1ec1-8174-49f3-a112-4eaa4748e38e', changeSource: 'CRM_UI', eventId: 1, subscriptionId: 92894, portalId: 5799819, appId: 186886, occurredAt: Date.now(), subscriptionType: 'deal.propertyChange', attemptNumber: 0 }]);
    const url = botBase + '/api/crm/hubspot';
    const timestamp = Date.now();
    const signature = hubspot.Signature.getSignature('POST', 'v3', { clientSecret: secret, requestBody: body, url, timestamp, signature: '' });
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': String(timestamp) }, body });
    const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': String(timestamp) }, body: body.replace('741141656', '697680835') });
    return r.status === 200 && forged.status === 401 && await handoff('741141656', h => h.deal.accountName === 'Acme Logistics' && h.deal.aeEmail === 'avery.ae@example.com');
  }],
  ['bot-salesforce-outbound-message-becomes-a-handoff', async () => {
    const xml = `\ufeff<?xml version="1.0" encoding="UTF-8"?>\r\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>00DD0000000muCUMAY</OrganizationId><ActionId>04k57000000TOUIAA4</ActionId><SessionId xsi:nil="true"/><Notification><Id>04l570000176YSmAAM</Id><sObject xsi:type="sf:Opportunity" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>${opp}</sf:Id><sf:IsWon>true</sf:IsWon></sObject></Notification></notifications></soapenv:Body></soapenv:Envelope>`;
    const r = await fetch(botBase + '/api/crm/salesforce', { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: '""' }, body: xml });
    const ack = await r.text();
    return r.status === 200 && ack.includes('<Ack>true</Ack>')
      && await handoff(opp, h => h.deal.csmEmail === 'casey.csm@example.com' && h.context.stakeholders.length === 3 && h.context.whatWasSold.length === 2);
  }],
];

// The bot's job runner works the queue in the background: wait (bounded) until the handoff is there.
async function handoff(crmId, ok) {
  for (let i = 0; i < 60; i++) {
    const list = await (await fetch(botBase + '/api/handoffs?q=Acme&limit=50', { headers: { Authorization: 'Bearer ' + adminKey } })).json();
    const found = (Array.isArray(list) ? list : list.items || list.handoffs || []).find(h => h.crmId === crmId);
    if (found) {
      const full = await (await fetch(botBase + '/api/handoffs/' + found.id, { headers: { Authorization: 'Bearer ' + adminKey } })).json();
      return ok(full);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return false;
}

(async () => {
  for (const [name, check] of checks) {
    try {
      const ok = await check();
      console.log(ok ? `PASS crm-${name}` : `FAIL crm-${name}: unexpected answer`);
    } catch (e) {
      console.log(`FAIL crm-${name}: ${(e && (e.code || e.errorCode || e.name) + ' ' + (e.body ? JSON.stringify(e.body) : e.message)) || e}`.slice(0, 300));
    }
  }
})();
