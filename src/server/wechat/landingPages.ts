// card/landingpage/create: a WeChat-hosted page listing cards to add.
import { answerString, optionalNumber, requireArgument } from './answer';
import type { AuthorizedCall } from './transport';

export type LandingPageScene = 'SCENE_NEAR_BY' | 'SCENE_MENU' | 'SCENE_QRCODE' | 'SCENE_ARTICLE' | 'SCENE_H5' | 'SCENE_IVR' | 'SCENE_CARD_CUSTOM_CELL';

export interface LandingPageRequest {
  /** The page's banner image: a WeChat-hosted URL (media/uploadimg). */
  banner: string;
  /** The page's title (page_title). */
  title: string;
  canShare: boolean;
  scene: LandingPageScene;
  cardList: Array<{ cardId: string; thumbUrl: string }>;
}

export interface LandingPagesApi {
  create(request: LandingPageRequest): Promise<{ url: string; pageId: number | string }>;
}

export function createLandingPagesApi(call: AuthorizedCall): LandingPagesApi {
  return {
    async create({ banner, title, canShare, scene, cardList }) {
      requireArgument('landingPages.create', 'banner', banner);
      requireArgument('landingPages.create', 'title', title);
      requireArgument('landingPages.create', 'scene', scene);
      if (!Array.isArray(cardList) || cardList.length === 0) throw new TypeError('wx-coupon: landingPages.create needs cardList with at least one { cardId, thumbUrl }.');
      const body = {
        banner,
        page_title: title,
        can_share: canShare === true,
        scene,
        card_list: cardList.map(({ cardId, thumbUrl }) => ({ card_id: requireArgument('landingPages.create', 'cardList[].cardId', cardId), thumb_url: requireArgument('landingPages.create', 'cardList[].thumbUrl', thumbUrl) })),
      };
      const path = 'card/landingpage/create';
      // Not retried on "busy": a create that went through would leave a second page.
      const answer = await call(path, body, { idempotent: false });
      return { url: answerString(answer, 'url', path), pageId: optionalNumber(answer.page_id) ?? answerString(answer, 'page_id', path) };
    },
  };
}
