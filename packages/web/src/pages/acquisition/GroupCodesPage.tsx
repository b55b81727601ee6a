// 引流获客 → 群活码: the list, the create and edit form, and one code's detail, as sub-routes of the
// navigation entry (/acquisition/group-codes, /new, /:id, /:id/edit).
import { Route, Routes } from "react-router";
import { RequireCorp } from "../../corps/RequireCorp.tsx";
import { NotFoundPage } from "../NotFoundPage.tsx";
import { GroupCodeDetail } from "./GroupCodeDetail.tsx";
import { GroupCodeEditor } from "./GroupCodeEditor.tsx";
import { GroupCodeList } from "./GroupCodeList.tsx";

export function GroupCodesPage() {
  return (
    <RequireCorp>
      {(corpId) => (
        <Routes key={corpId}>
          <Route index element={<GroupCodeList corpId={corpId} />} />
          <Route path="new" element={<GroupCodeEditor corpId={corpId} />} />
          <Route path=":id" element={<GroupCodeDetail corpId={corpId} />} />
          <Route path=":id/edit" element={<GroupCodeEditor corpId={corpId} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      )}
    </RequireCorp>
  );
}
