// Typed events from the XML samples in WeChat's card event documentation (卡券事件推送).
import { describe, expect, it } from 'vitest';
import type { CardEvent } from '../../../src/server';
import { HttpError } from '../../../src/server/errors/HttpError';
import { parseCardEvent } from '../../../src/server/events/parseCardEvent';
import { readXml } from '../../../src/server/events/readXml';
import { userGetCardXml } from './pushes';

const parse = (xml: string) => parseCardEvent(readXml(xml));
const head = (event: string) =>
  `<ToUserName><![CDATA[gh_3fcea188bf78]]></ToUserName><FromUserName><![CDATA[obLatjjwDolFjRRd3doGIdwNqRXw]]></FromUserName><CreateTime>1474181868</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event>`;
const withoutRaw = ({ raw: _raw, ...rest }: CardEvent) => rest;

describe('parseCardEvent', () => {
  it('user_get_card: whitespace around CDATA dropped, 0/1 as booleans, numbers as numbers, empty elements left out', () => {
    const event = parse(userGetCardXml());
    expect(withoutRaw(event)).toEqual({
      event: 'user_get_card',
      toUserName: 'gh_fc0a06a20993',
      fromUserName: 'oZI8Fj040-be6rlDohc6gkoPOQTQ',
      createTime: 1472551036,
      cardId: 'pZI8Fjwsy5fVPRBeD78J4RmqVvBc',
      userCardCode: '226009850808',
      isGiveByFriend: false,
      outerId: 0,
      outerStr: '12b',
      isRestoreMemberCard: false,
      isRecommendByFriend: false,
    });
    expect(event.raw.OuterStr).toBe('12b');
  });

  it('user_get_card from a friend, with UnionId', () => {
    const event = parse(
      `<xml>${head('user_get_card')}<CardId><![CDATA[p1]]></CardId><IsGiveByFriend>1</IsGiveByFriend><UserCardCode><![CDATA[111]]></UserCardCode><FriendUserName><![CDATA[oFriend]]></FriendUserName><OldUserCardCode><![CDATA[999]]></OldUserCardCode><IsRestoreMemberCard>1</IsRestoreMemberCard><UnionId><![CDATA[oUnion]]></UnionId></xml>`,
    );
    expect(event).toMatchObject({ isGiveByFriend: true, friendUserName: 'oFriend', oldUserCardCode: '999', isRestoreMemberCard: true, unionId: 'oUnion' });
    expect(event).not.toHaveProperty('outerStr');
    // This push has no IsRecommendByFriend: absent is not "no".
    expect(event).not.toHaveProperty('isRecommendByFriend');
  });

  it('a 0/1 flag absent from the XML is left out, not false; 0 is false', () => {
    const event = parse(`<xml>${head('user_get_card')}<CardId><![CDATA[p1]]></CardId><UserCardCode><![CDATA[111]]></UserCardCode><IsGiveByFriend>0</IsGiveByFriend></xml>`);
    expect(event).toMatchObject({ isGiveByFriend: false });
    for (const flag of ['isRestoreMemberCard', 'isRecommendByFriend']) expect(event, flag).not.toHaveProperty(flag);
    const gift = parse(`<xml>${head('user_gifting_card')}<CardId><![CDATA[pbL]]></CardId><UserCardCode><![CDATA[297466945104]]></UserCardCode><IsChatRoom><![CDATA[]]></IsChatRoom></xml>`);
    expect(gift).not.toHaveProperty('isReturnBack');
    expect(gift).not.toHaveProperty('isChatRoom');
  });

  it('user_consume_card with every field of the documented sample', () => {
    const event = parse(`<xml>
  <ToUserName> <![CDATA[gh_fc0a06a20993]]> </ToUserName>
  <FromUserName> <![CDATA[oZI8Fj040-be6rlDohc6gkoPOQTQ]]> </FromUserName>
  <CreateTime>1472549042</CreateTime>
  <MsgType> <![CDATA[event]]> </MsgType>
  <Event> <![CDATA[user_consume_card]]> </Event>
  <CardId> <![CDATA[pZI8Fj8y-E8hpvho2d1ZvpGwQBvA]]> </CardId>
  <UserCardCode> <![CDATA[452998530302]]> </UserCardCode>
  <ConsumeSource> <![CDATA[FROM_API]]> </ConsumeSource>
  <LocationName> <![CDATA[东城店]]> </LocationName>
  <StaffOpenId> <![CDATA[oZ********nJ3bPJu_Rtjkw4c]]> </StaffOpenId>
  <VerifyCode> <![CDATA[]]> </VerifyCode>
  <RemarkAmount> <![CDATA[]]> </RemarkAmount>
  <OuterStr> <![CDATA[poster-a]]> </OuterStr>
  <LocationId>291710000</LocationId>
</xml>`);
    expect(withoutRaw(event)).toEqual({
      event: 'user_consume_card',
      toUserName: 'gh_fc0a06a20993',
      fromUserName: 'oZI8Fj040-be6rlDohc6gkoPOQTQ',
      createTime: 1472549042,
      cardId: 'pZI8Fj8y-E8hpvho2d1ZvpGwQBvA',
      userCardCode: '452998530302',
      consumeSource: 'FROM_API',
      locationName: '东城店',
      locationId: 291710000,
      staffOpenId: 'oZ********nJ3bPJu_Rtjkw4c',
      outerStr: 'poster-a',
    });
  });

  it('user_pay_from_pay_cell keeps the 23-digit TransId as text and the fees in fen as numbers', () => {
    const event = parse(
      `<xml>${head('user_pay_from_pay_cell')}<CardId><![CDATA[po2VNuCuRo-8sxxxxxxxxxxx]]></CardId><UserCardCode><![CDATA[38050000000]]></UserCardCode><TransId><![CDATA[10022403432015000000000]]></TransId><LocationId>291710000</LocationId><Fee><![CDATA[10000]]></Fee><OriginalFee><![CDATA[10000]]> </OriginalFee></xml>`,
    );
    expect(event).toMatchObject({ transId: '10022403432015000000000', locationId: 291710000, fee: 10000, originalFee: 10000 });
  });

  it('card_pay_order, card_sku_remind, update_member_card, user_gifting_card, card_not_pass_check', () => {
    expect(
      parse(
        `<xml>${head('card_pay_order')}<OrderId><![CDATA[404091456]]></OrderId><Status><![CDATA[ORDER_STATUS_FINANCE_SUCC]]></Status><CreateOrderTime>1453295737</CreateOrderTime><PayFinishTime>0</PayFinishTime><Desc><![CDATA[]]></Desc><FreeCoinCount><![CDATA[200]]></FreeCoinCount><PayCoinCount><![CDATA[0]]></PayCoinCount><RefundFreeCoinCount><![CDATA[0]]></RefundFreeCoinCount><RefundPayCoinCount><![CDATA[0]]></RefundPayCoinCount><OrderType><![CDATA[ORDER_TYPE_SYS_ADD]]></OrderType><Memo><![CDATA[开通账户奖励]]></Memo><ReceiptInfo><![CDATA[]]></ReceiptInfo></xml>`,
      ),
    ).toMatchObject({ orderId: '404091456', status: 'ORDER_STATUS_FINANCE_SUCC', createOrderTime: 1453295737, payFinishTime: 0, freeCoinCount: 200, payCoinCount: 0, orderType: 'ORDER_TYPE_SYS_ADD', memo: '开通账户奖励' });
    expect(parse(`<xml>${head('card_sku_remind')}<CardId><![CDATA[pa3L]]></CardId><Detail><![CDATA[the card's quantity is equal to 0]]></Detail></xml>`)).toMatchObject({
      cardId: 'pa3L',
      detail: "the card's quantity is equal to 0",
    });
    expect(parse(`<xml>${head('update_member_card')}<CardId><![CDATA[p_CB]]></CardId><UserCardCode><![CDATA[777670435071]]></UserCardCode><ModifyBonus>1000</ModifyBonus><ModifyBalance>-50</ModifyBalance></xml>`)).toMatchObject({
      modifyBonus: 1000,
      modifyBalance: -50,
    });
    expect(
      parse(`<xml>${head('user_gifting_card')}<CardId><![CDATA[pbL]]></CardId><UserCardCode><![CDATA[297466945104]]></UserCardCode><IsReturnBack>0</IsReturnBack><FriendUserName><![CDATA[obLatjlNerkb62HtSdQUx66C4NTU]]></FriendUserName><IsChatRoom>1</IsChatRoom></xml>`),
    ).toMatchObject({ isReturnBack: false, friendUserName: 'obLatjlNerkb62HtSdQUx66C4NTU', isChatRoom: true });
    expect(parse(`<xml>${head('card_not_pass_check')}<CardId><![CDATA[cardid]]></CardId><RefuseReason><![CDATA[非法代制]]></RefuseReason></xml>`)).toMatchObject({
      event: 'card_not_pass_check',
      refuseReason: '非法代制',
    });
  });

  it('the code-only events carry cardId and userCardCode ("" when WeChat sends it empty)', () => {
    for (const name of ['user_del_card', 'user_view_card', 'user_enter_session_from_card', 'submit_membercard_user_info']) {
      expect(parse(`<xml>${head(name)}<CardId><![CDATA[pX]]></CardId><UserCardCode><![CDATA[]]></UserCardCode></xml>`)).toMatchObject({ event: name, cardId: 'pX', userCardCode: '' });
    }
  });

  it('an event it does not know arrives as { event, raw, unknown: true }', () => {
    const event = parse(`<xml>${head('subscribe')}<EventKey><![CDATA[qrscene_7]]></EventKey></xml>`);
    expect(event).toMatchObject({ event: 'subscribe', unknown: true, createTime: 1474181868, raw: { EventKey: 'qrscene_7' } });
  });

  it('a malformed number is left out rather than made NaN (raw keeps it)', () => {
    const event = parse(`<xml>${head('update_member_card')}<CardId>p</CardId><UserCardCode>1</UserCardCode><ModifyBonus>lots</ModifyBonus></xml>`);
    expect(event).not.toHaveProperty('modifyBonus');
    expect(event.raw.ModifyBonus).toBe('lots');
  });

  it('refuses events without Event, FromUserName or CreateTime, broken XML, a DOCTYPE and a foreign root, as 400', () => {
    const bad = [
      '<xml><MsgType>event</MsgType><FromUserName>o</FromUserName><ToUserName>g</ToUserName><CreateTime>1</CreateTime></xml>',
      '<xml><MsgType>event</MsgType><Event>user_del_card</Event><ToUserName>g</ToUserName><CreateTime>1</CreateTime></xml>',
      '<xml><MsgType>event</MsgType><Event>user_del_card</Event><FromUserName>o</FromUserName><ToUserName>g</ToUserName><CreateTime>soon</CreateTime></xml>',
      '<xml><Event>user_del_card</Event>',
      '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">]><xml><Event>&a;</Event></xml>',
      '<html><body/></html>',
      '<Encrypt>AAAA</Encrypt><![CDATA[<xml>', // passes fast-xml-parser's validator, not its parser (found by handler.property.test.ts)
      'not xml at all',
    ];
    for (const xml of bad) {
      let error: unknown;
      try {
        parse(xml);
      } catch (e) {
        error = e;
      }
      expect(error, xml).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
    }
  });
});
