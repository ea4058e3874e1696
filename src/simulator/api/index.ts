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
