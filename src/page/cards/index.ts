export { addToCardsAndOffers, prefetchCardExt, type AddedCard, type CardToAdd } from './addToCardsAndOffers';
export { chooseCard, type ChosenCard } from './chooseCard';
export { openCard, type CardToOpen } from './openCard';
