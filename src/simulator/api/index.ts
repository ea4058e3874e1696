// wx-coupon/simulator/api: a stand-in for api.weixin.qq.com (Node).
export {
  createWeChatApiStandIn,
  type WeChatApiStandIn,
  type WeChatApiStandInOptions,
  type StandInApp,
  type StandInFault,
  type StandInCounters,
  type TicketType,
} from './standIn';
export { startWeChatApiStandIn, type RunningStandIn } from './listen';
export type { StandInCardEvent, StandInCardEventSink } from './cardEvent';
export {
  createCardEventPusher,
  cardEventXml,
  type CardEventPusher,
  type CardEventPusherOptions,
  type CardEventPushMode,
  type CardEventDelivery,
  type CardEventPushAttempt,
} from './eventPush';
