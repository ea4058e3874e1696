// wx-coupon/simulator/api: a stand-in for api.weixin.qq.com (Node).
export {};
