// wx-coupon/simulator/api: a stand-in for api.weixin.qq.com (Node).
export {
  createWeChatApiStandIn,
  type WeChatApiStandIn,
  type WeChatApiStandInOptions,
  type StandInApp,
  type StandInFault,
  type StandInCounters,
  type TicketType,
  type SimulatedUser,
  type AddResult,
  type CardStatus,
} from './standIn';
export type { StandInCardEvent, StandInCardEventSink } from './cardEvent';
export { ERRCODES, type StandInErrcode } from './errcodes';
export { CARD_COLORS } from './cardDefinition';
export { startWeChatApiStandIn, type RunningStandIn } from './listen';
