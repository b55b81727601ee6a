// 触达 → 群发: the list, the compose form with its pre-flight, and one send's report, as sub-routes of the
// navigation entry (/engagement/mass-sends, /new, /:id).
import { Route, Routes } from "react-router";
import { RequireCorp } from "../../../corps/RequireCorp.tsx";
import { NotFoundPage } from "../../NotFoundPage.tsx";
import { MassSendComposer } from "./MassSendComposer.tsx";
import { MassSendDetail } from "./MassSendDetail.tsx";
import { MassSendList } from "./MassSendList.tsx";

export function MassSendsPage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<MassSendList corpId={corpId} />} />
          <Route path="new" element={<MassSendComposer corpId={corpId} />} />
          <Route path=":id" element={<MassSendDetail corpId={corpId} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
