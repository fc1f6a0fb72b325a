import type { Lang } from "../../i18n";

/** A price in won, as people write it in the language: "9,900원" in Korean, "₩9,900" in English. */
export function formatKrw(amount: number, lang: Lang): string {
  if (lang === "ko") return `${new Intl.NumberFormat("ko-KR").format(amount)}원`;
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "KRW" }).format(amount);
}

/**
 * KakaoPay has a PC page (a QR code to scan with the phone) and a mobile page (opens KakaoTalk):
 * a touch screen as the main pointer means the person is on the phone already.
 */
export function onPhone(): boolean {
  return typeof window !== "undefined" && typeof window.matchMedia === "function"
    ? window.matchMedia("(pointer: coarse)").matches
    : false;
}

/** Where to send the browser for a KakaoPay order just made. */
export function paymentPage(started: { redirect_url: string; redirect_mobile_url: string }, phone: boolean): string {
  return phone ? started.redirect_mobile_url : started.redirect_url;
}
