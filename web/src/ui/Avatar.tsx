import { useState } from "react";

/** A round portrait; falls back to the first letter on a starry disc when there is no image. */
export function Avatar({ src, alt, name, size = 48 }: { src: string | null | undefined; alt: string; name: string; size?: number }) {
  const [broken, setBroken] = useState(false);
  const style = { width: size, height: size, fontSize: size * 0.42 };
  if (src && !broken) {
    return <img className="avatar" src={src} alt={alt} width={size} height={size} style={style} onError={() => setBroken(true)} />;
  }
  return (
    <span
      className="avatar avatar--fallback"
      {...(alt ? { role: "img", "aria-label": alt } : { "aria-hidden": true })}
      style={style}
    >
      {[...name][0]?.toUpperCase() ?? "★"}
    </span>
  );
}
