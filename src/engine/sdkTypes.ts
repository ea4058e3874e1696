// The slice of weixin-js-sdk ("jWeixin") that wx-coupon drives. Its bundled typings
// declare addCard() without parameters, so we describe what the 1.6.5 source does.

export interface WxCallbacks<T> {
  success?: (res: T) => void;
  fail?: (res: { errMsg: string }) => void;
  cancel?: (res: { errMsg: string }) => void;
  complete?: (res: { errMsg: string }) => void;
}

export interface WxAddedCard {
  cardId: string;
  cardExt: string;
  isSuccess: boolean;
  code: string;
}

export interface WxSdk {
  config(options: {
    debug: boolean;
    appId: string;
    timestamp: number | string;
    nonceStr: string;
    signature: string;
    jsApiList: string[];
  }): void;
  ready(fn: () => void): void;
  error(fn: (res: { errMsg: string }) => void): void;
  addCard(options: { cardList: Array<{ cardId: string; cardExt: string }> } & WxCallbacks<{ errMsg: string; cardList: WxAddedCard[] }>): void;
  chooseCard(
    options: {
      shopId?: string;
      cardType?: string;
      cardId?: string;
      timestamp: number | string;
      nonceStr: string;
      signType: string;
      cardSign: string;
    } & WxCallbacks<{ errMsg: string; cardList: unknown }>,
  ): void;
  openCard(options: { cardList: Array<{ cardId: string; code: string }> } & WxCallbacks<{ errMsg: string }>): void;
}

/** `window.WeixinJSBridge` as the WeChat client injects it. */
export interface WeixinJSBridge {
  invoke(name: string, args: Record<string, unknown>, callback?: (res: Record<string, unknown>) => void): void;
  on?(name: string, callback: (res: Record<string, unknown>) => void): void;
  call?(name: string): void;
}
