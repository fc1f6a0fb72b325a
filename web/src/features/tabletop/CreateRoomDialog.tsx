import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { useNavigate } from "react-router-dom";
import { useI18n } from "../../i18n";
import { LockIcon } from "./icons";
import { FormAlert, TextArea, TextField } from "../../ui/Form";
import { fieldError, showServerError } from "../../ui/formErrors";
import { Modal } from "../../ui/Modal";
import { useCreateRoom } from "./queries";
import { roomSchema, toRoomCreate, type RoomFields } from "./roomForm";

export function CreateRoomDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const create = useCreateRoom();
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<RoomFields, unknown, RoomFields>({
    resolver: zodResolver(roomSchema),
    defaultValues: { title: "", concept: "", max_players: "4", secret: false, password: "" },
  });
  const secret = useWatch({ control, name: "secret" });

  const submit = handleSubmit(async (values) => {
    try {
      const room = await create.mutateAsync(toRoomCreate(values));
      navigate(`/play/rooms/${room.id}`);
    } catch (err) {
      showServerError(err, setError, t);
    }
  });

  return (
    <Modal open={open} onClose={onClose} title={t("play.create.title")} className="table-dialog">
      <form onSubmit={submit} noValidate className="form">
        <TextField label={t("play.form.title")} maxLength={60} required {...register("title")} error={fieldError(errors.title, t)} />
        <TextArea label={t("play.form.concept")} rows={3} hint={t("play.form.conceptHint")} {...register("concept")} error={fieldError(errors.concept, t)} />
        <div className="field">
          <label htmlFor="room-max-players">{t("play.form.maxPlayers.label")}</label>
          <select id="room-max-players" className="table-select" {...register("max_players")}>
            {[2, 3, 4, 5, 6, 7, 8].map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <label className="table-check">
          <input type="checkbox" {...register("secret")} />
          <LockIcon /> {t("play.form.secret")}
        </label>
        {secret && (
          <TextField
            label={t("play.form.password")}
            type="password"
            autoComplete="new-password"
            {...register("password")}
            error={fieldError(errors.password, t)}
          />
        )}
        <FormAlert message={errors.root?.server?.message ?? null} />
        <button type="submit" className="btn btn--gold btn--block" disabled={isSubmitting}>
          {t("play.create.submit")}
        </button>
      </form>
    </Modal>
  );
}
