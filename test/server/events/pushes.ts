// Signed pushes as WeChat sends them, built with node:crypto and the wechat-crypto package
// (not with our own code), for the receiver's tests.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const WXBizMsgCrypt = createRequire(import.meta.url)('wechat-crypto') as new (token: string, key: string, id: string) => {
  encrypt(text: string): string;
  getSignature(timestamp: string, nonce: string, encrypt: string): string;
};

export const TOKEN = 'pushToken2024';
export const APP_ID = 'wx5f0c1a2b3c4d5e6f';
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const RECEIVER_URL = 'http://127.0.0.1/api/wx/events';

export type PushMode = 'plain' | 'compatible' | 'safe';

export const sha1Signature = (...values: string[]) => createHash('sha1').update(values.sort().join('')).digest('hex');

export interface PushInput {
  xml: string;
  mode?: PushMode;
  /** Seconds; default now. */
  timestamp?: number;
  nonce?: string;
  token?: string;
  appId?: string;
  key?: string;
}

/** The POST WeChat sends for `xml` (the plain message) in `mode`. */
export function push(input: PushInput): Request {
  const { xml, mode = 'plain', nonce = '1938472615', token = TOKEN, appId = APP_ID, key = AES_KEY } = input;
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const query = new URLSearchParams({ signature: sha1Signature(token, timestamp, nonce), timestamp, nonce, openid: 'oUser' });
  let body = xml;
  if (mode !== 'plain') {
    const crypt = new WXBizMsgCrypt(token, key, appId);
    const encrypt = crypt.encrypt(xml);
    query.set('encrypt_type', 'aes');
    query.set('msg_signature', crypt.getSignature(timestamp, nonce, encrypt));
    body =
      mode === 'safe'
        ? `<xml>\n<ToUserName><![CDATA[gh_test]]></ToUserName>\n<Encrypt><![CDATA[${encrypt}]]></Encrypt>\n</xml>`
        : xml.replace('</xml>', `<Encrypt><![CDATA[${encrypt}]]></Encrypt>\n</xml>`);
  }
  return new Request(`${RECEIVER_URL}?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
}

/** WeChat's user_get_card sample from the documentation, with its whitespace around CDATA. */
export function userGetCardXml(fields: { cardId?: string; code?: string; openid?: string; createTime?: number; outerStr?: string } = {}): string {
  return `<xml>
  <ToUserName> <![CDATA[gh_fc0a06a20993]]> </ToUserName>
  <FromUserName> <![CDATA[${fields.openid ?? 'oZI8Fj040-be6rlDohc6gkoPOQTQ'}]]> </FromUserName>
  <CreateTime>${fields.createTime ?? 1472551036}</CreateTime>
  <MsgType> <![CDATA[event]]> </MsgType>
  <Event> <![CDATA[user_get_card]]> </Event>
  <CardId> <![CDATA[${fields.cardId ?? 'pZI8Fjwsy5fVPRBeD78J4RmqVvBc'}]]> </CardId>
  <IsGiveByFriend>0</IsGiveByFriend>
  <UserCardCode> <![CDATA[${fields.code ?? '226009850808'}]]> </UserCardCode>
  <FriendUserName> <![CDATA[]]> </FriendUserName>
  <OuterId>0</OuterId>
  <OldUserCardCode> <![CDATA[]]> </OldUserCardCode>
  <OuterStr> <![CDATA[${fields.outerStr ?? '12b'}]]> </OuterStr>
  <IsRestoreMemberCard>0</IsRestoreMemberCard>
  <IsRecommendByFriend>0</IsRecommendByFriend>
</xml>`;
}
