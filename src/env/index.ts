export {
  detectWeChat,
  isCardsAndOffersSupported,
  MIN_CARDS_VERSION,
  type WeChatClient,
  type WeChatEnvironment,
  type WeChatOS,
  type UnsupportedReason,
} from './detect';
