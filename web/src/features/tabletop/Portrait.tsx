import { Avatar } from "../../ui/Avatar";
import type { Member } from "./events";

/** Who speaks: the gemini a member plays as, else their own avatar. */
export function Portrait({
  member,
  nickname,
  size = 56,
  alt = "",
}: {
  member: Pick<Member, "avatar_url" | "character"> | null | undefined;
  nickname: string;
  size?: number;
  alt?: string;
}) {
  const src = member?.character?.image_url ?? member?.avatar_url ?? null;
  return <Avatar src={src} alt={alt} name={member?.character?.name ?? nickname} size={size} />;
}
