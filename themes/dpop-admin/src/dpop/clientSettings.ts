import { createContext, useContext } from "react";

/** True inside a client's Settings tab (see install.tsx). */
export const InClientSettings = createContext(false);

export const useInClientSettings = () => useContext(InClientSettings);
